package io.github.clustermaster.master.port;

import java.net.UnknownHostException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a port the master could not bind for its workers: what to do depends on why,
 * a port that another process holds, or a {@code server.address} that is not this
 * machine's.
 *
 * @author cluster-master
 */
class SharedPortFailureAnalyzer extends AbstractFailureAnalyzer<SharedPortException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SharedPortException cause) {
		return new FailureAnalysis(cause.getMessage(), action(cause), cause);
	}

	private static String action(SharedPortException failure) {
		Throwable cause = failure.getCause();
		String reason = (cause != null) ? String.valueOf(cause.getMessage()) : "";
		if (failure.getAddress() != null
				&& (cause instanceof UnknownHostException || reason.contains("Cannot assign requested address"))) {
			return "Set server.address to a name or an address of this machine, or leave it out to listen on every "
					+ "address.";
		}
		return "Stop the process that listens on port " + failure.getPort()
				+ " (another master of this application?), or set server.port to a free port "
				+ "(0 picks one), or set cluster.master.enabled=false to run without workers.";
	}

}
