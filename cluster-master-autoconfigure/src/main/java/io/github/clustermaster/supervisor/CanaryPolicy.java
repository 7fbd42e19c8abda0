package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * How a rolling restart judges a new release by its own traffic: while its first
 * replacement is on probation, and at each later step while new and old workers serve
 * side by side, the new workers' requests of the latest window are compared with the old
 * workers' of the same window. The new release is worse, and the rollout is aborted and
 * rolled back, when once it has served {@code minRequests} its share of 5xx and failed
 * requests is up by {@code errorIncrease} and at least {@code errorRatio} times the old
 * workers' (and significantly: see {@link CanaryAnalysis#ERROR_SIGNIFICANCE}), or its median latency
 * (or, once it has served 50, its p99) is at least {@code latencyRatio} times theirs and
 * {@code latencyIncrease} above it.
 *
 * @param enabled whether rollouts are judged
 * @param window how far back the compared requests reach (each worker's heartbeat carries
 * its own window), and how long the first replacement is held for enough traffic
 * @param minRequests the fewest requests the new workers must have served in the window
 * before their errors and median latency are judged (their p99 takes at least 50)
 * @param errorIncrease how much higher the new workers' share of errors must be, as a
 * fraction (0.05: 5 percentage points)
 * @param errorRatio how many times the old workers' share it must be
 * @param latencyRatio how many times the old workers' median or p99 the new workers' must be
 * @param latencyIncrease how much above the old workers' median or p99 the new workers' must be
 * @param tooLittleTraffic what a rollout does when the new release served too few
 * requests to judge by the end of the window
 * @author cluster-master
 */
public record CanaryPolicy(boolean enabled, Duration window, int minRequests, double errorIncrease,
		double errorRatio, double latencyRatio, Duration latencyIncrease, TooLittleTraffic tooLittleTraffic) {

	/** The defaults of {@code cluster.master.restart.canary.*}. */
	public static final CanaryPolicy DEFAULTS = new CanaryPolicy(true, Duration.ofSeconds(10), 10, 0.05, 5.0, 3.0,
			Duration.ofMillis(100), TooLittleTraffic.PROCEED);

	/** No canary analysis: a replacement proves itself by staying up. */
	public static final CanaryPolicy OFF = new CanaryPolicy(false, Duration.ofSeconds(10), 10, 0.05, 5.0, 3.0,
			Duration.ofMillis(100), TooLittleTraffic.PROCEED);

	/**
	 * What a rollout does when the new release served too few requests to judge it.
	 */
	public enum TooLittleTraffic {

		/** Go on as without canary analysis, and say so in the outcome. */
		PROCEED,

		/** Abort the rollout and roll back: nothing unjudged is rolled out. */
		ABORT

	}

}
