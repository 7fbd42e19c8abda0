package io.github.clustermaster.supervisor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a worker has served long enough to be replaced by a fresh one (gunicorn's
 * {@code max_requests}, pm2's {@code max_memory_restart}, uWSGI's {@code reload-on-rss}):
 * after a number of requests, an age, or once its resident memory grew past a size. The
 * supervisor recycles one worker at a time, through the readiness-gated path of a rolling
 * restart: the replacement is ready before the worker is asked to drain.
 *
 * @param maxRequests the requests after which a worker is recycled, or {@code null}
 * @param maxAge the age after which a worker is recycled, or {@code null}
 * @param maxMemoryBytes the resident memory above which a worker is recycled, or
 * {@code null}
 * @author cluster-master
 */
public record RecyclePolicy(@Nullable Long maxRequests, @Nullable Duration maxAge, @Nullable Long maxMemoryBytes) {

	/** No worker is ever recycled. */
	public static final RecyclePolicy NONE = new RecyclePolicy(null, null, null);

	/**
	 * Whether any limit is set.
	 * @return whether workers may be recycled
	 */
	public boolean isEnabled() {
		return this.maxRequests != null || this.maxAge != null || this.maxMemoryBytes != null;
	}

	/**
	 * Why a worker is due to be recycled.
	 * @param age the time since it was started
	 * @param stats what it said of itself with its last heartbeat, or {@code null}
	 * @return the reason, naming the limit and its property, or {@code null} while it is
	 * within every limit
	 */
	public @Nullable String dueBecause(Duration age, @Nullable WorkerStats stats) {
		if (stats != null && this.maxRequests != null && stats.requests() >= this.maxRequests) {
			return "it served " + stats.requests() + " requests (cluster.master.recycle.max-requests="
					+ this.maxRequests + ")";
		}
		if (this.maxAge != null && age.compareTo(this.maxAge) >= 0) {
			return "it is " + Sentences.seconds(age) + " old (cluster.master.recycle.max-age="
					+ Sentences.seconds(this.maxAge) + ")";
		}
		if (stats != null && this.maxMemoryBytes != null && stats.rssBytes() > this.maxMemoryBytes) {
			return "its resident memory is " + Sentences.mebibytes(stats.rssBytes())
					+ " (cluster.master.recycle.max-memory=" + Sentences.mebibytes(this.maxMemoryBytes) + ")";
		}
		return null;
	}

}
