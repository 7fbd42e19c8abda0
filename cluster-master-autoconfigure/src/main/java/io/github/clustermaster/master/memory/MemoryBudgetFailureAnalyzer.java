package io.github.clustermaster.master.memory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains workers that cannot fit in the memory the master sees, naming the property.
 *
 * @author cluster-master
 */
class MemoryBudgetFailureAnalyzer extends AbstractFailureAnalyzer<MemoryBudgetException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MemoryBudgetException cause) {
		return new FailureAnalysis("Invalid " + cause.getProperty() + ": " + cause.getMessage(), cause.getAction(),
				cause);
	}

}
