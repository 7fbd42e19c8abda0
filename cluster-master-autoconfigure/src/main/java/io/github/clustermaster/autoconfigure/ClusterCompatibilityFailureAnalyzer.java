package io.github.clustermaster.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start refused because the application's versions do not fit the starter.
 *
 * @author cluster-master
 */
class ClusterCompatibilityFailureAnalyzer extends AbstractFailureAnalyzer<ClusterCompatibilityException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClusterCompatibilityException cause) {
		StringBuilder description = new StringBuilder("cluster-master cannot run this application (Spring Boot ")
			.append((cause.getBootVersion() != null) ? cause.getBootVersion() : "of unknown version")
			.append("):");
		cause.getProblems().forEach((problem) -> description.append("\n - ").append(problem));
		return new FailureAnalysis(description.toString(),
				"Use Spring Boot " + ClusterCompatibility.SUPPORTED_BOOT + " with the versions it manages "
						+ "(the compatibility matrix in the starter's README lists what is tested), or set "
						+ "cluster.master.enabled=false to run the application without workers. "
						+ ClusterCompatibility.PROPERTY + "=false skips this check at your own risk.",
				cause);
	}

}
