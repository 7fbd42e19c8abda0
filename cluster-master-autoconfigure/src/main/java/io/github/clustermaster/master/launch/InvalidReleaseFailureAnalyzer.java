package io.github.clustermaster.master.launch;

import io.github.clustermaster.release.InvalidReleaseException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a jar the master cannot prepare as the release its first workers launch.
 *
 * @author cluster-master
 */
class InvalidReleaseFailureAnalyzer extends AbstractFailureAnalyzer<InvalidReleaseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidReleaseException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Start the master from a complete Spring Boot executable jar (built by the Spring Boot Maven or "
						+ "Gradle plugin), or set cluster.master.exec to one, or launch it from a class path "
						+ "(no release cache then).",
				cause);
	}

}
