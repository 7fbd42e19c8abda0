package io.github.clustermaster.master;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a port the master could not bind for its workers.
 *
 * @author cluster-master
 */
class SharedPortFailureAnalyzer extends AbstractFailureAnalyzer<SharedPortException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SharedPortException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Stop the process that listens on port " + cause.getPort()
						+ " (another master of this application?), or set server.port to a free port "
						+ "(0 picks one), or set cluster.master.enabled=false to run without workers.",
				cause);
	}

}
