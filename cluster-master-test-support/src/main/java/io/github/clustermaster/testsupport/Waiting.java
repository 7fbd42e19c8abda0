package io.github.clustermaster.testsupport;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The harness's Awaitility settings: poll at once and then at a fixed interval, and leave
 * uncaught exceptions of unrelated threads to those threads rather than failing the wait.
 *
 * @author cluster-master
 */
final class Waiting {

	private Waiting() {
	}

	/**
	 * Start describing a wait.
	 * @param timeout the most to wait
	 * @param pollInterval how often to evaluate the condition
	 * @return the condition factory
	 */
	static ConditionFactory upTo(Duration timeout, Duration pollInterval) {
		return Awaitility.await()
			.atMost(timeout)
			.pollDelay(Duration.ZERO)
			.pollInterval(pollInterval)
			.dontCatchUncaughtExceptions();
	}

}
