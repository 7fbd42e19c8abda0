package io.github.clustermaster.warmup;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a warm-up sends: GET requests to the paths in turn, a count of them or for a
 * duration, over some connections at once, within a time limit.
 *
 * @param paths the paths, each from the server's root (checked by
 * {@link ClusterWarmupProperties})
 * @param requests how many requests in all, or {@code null} to send for {@code duration}
 * @param duration how long to send, when {@code requests} is {@code null}
 * @param concurrency how many connections send at once
 * @param timeout the most the warm-up may take
 * @author cluster-master
 */
public record WarmupPlan(List<String> paths, @Nullable Integer requests, @Nullable Duration duration,
		int concurrency, Duration timeout) {

	public WarmupPlan {
		if (paths.isEmpty()) {
			throw new IllegalArgumentException("A warm-up needs at least one path");
		}
		if ((requests == null) == (duration == null)) {
			throw new IllegalArgumentException("A warm-up sends a count of requests or for a duration");
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("A warm-up needs at least one connection, was " + concurrency);
		}
		paths = List.copyOf(paths);
	}

	/**
	 * A plan of a count of requests.
	 * @param paths the paths
	 * @param requests how many requests in all
	 * @param concurrency how many connections send at once
	 * @param timeout the most the warm-up may take
	 * @return the plan
	 */
	public static WarmupPlan count(List<String> paths, int requests, int concurrency, Duration timeout) {
		return new WarmupPlan(paths, requests, null, concurrency, timeout);
	}

	/**
	 * A plan of requests sent for a while.
	 * @param paths the paths
	 * @param duration how long to send
	 * @param concurrency how many connections send at once
	 * @param timeout the most the warm-up may take
	 * @return the plan
	 */
	public static WarmupPlan lasting(List<String> paths, Duration duration, int concurrency, Duration timeout) {
		return new WarmupPlan(paths, null, duration, concurrency, timeout);
	}

	@Override
	public String toString() {
		return ((this.requests != null) ? this.requests + " requests" : "requests for " + this.duration) + " to "
				+ this.paths + " over " + this.concurrency + " connection(s), at most " + this.timeout;
	}

}
