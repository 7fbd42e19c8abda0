package io.github.clustermaster.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * How a worker's HTTP requests ended, as its heartbeat says: counts since it started, and
 * over its latest window (the last {@code cluster.master.restart.canary.window}, or since
 * it started when that is shorter) the counts with the latency's median and 99th
 * percentile, from an HDR histogram.
 *
 * @param total the requests since the worker started, by outcome
 * @param window the requests of the latest window, by outcome
 * @param windowMillis how long the window is, in milliseconds
 * @param p50Millis the median time from the start of a request of the window to its end,
 * or {@code null} while the window holds no request
 * @param p99Millis the 99th percentile of that time, or {@code null}
 * @author cluster-master
 */
public record RequestOutcomes(Counts total, Counts window, long windowMillis, @Nullable Double p50Millis,
		@Nullable Double p99Millis) {

	/** No request yet. */
	public static final RequestOutcomes NONE = new RequestOutcomes(Counts.NONE, Counts.NONE, 0, null, null);

	/**
	 * Requests by how they ended: by the class of the status they were answered with
	 * (1xx counts as 2xx), or failed without a status of their own: an exception left the
	 * application (the server then answers 500 if it still can), the client went away, an
	 * asynchronous request timed out.
	 *
	 * @param status2xx answered with 1xx or 2xx
	 * @param status3xx answered with 3xx
	 * @param status4xx answered with 4xx
	 * @param status5xx answered with 5xx
	 * @param failed ended with an error or cancelled
	 */
	public record Counts(long status2xx, long status3xx, long status4xx, long status5xx, long failed) {

		/** No request. */
		public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

		/**
		 * All of them.
		 * @return the sum
		 */
		public long requests() {
			return this.status2xx + this.status3xx + this.status4xx + this.status5xx + this.failed;
		}

		/**
		 * The requests that went wrong on the server's side: 5xx and failed.
		 * @return the sum
		 */
		public long errors() {
			return this.status5xx + this.failed;
		}

		/**
		 * These counts and others together.
		 * @param other the others
		 * @return the sums
		 */
		public Counts plus(Counts other) {
			return new Counts(this.status2xx + other.status2xx, this.status3xx + other.status3xx,
					this.status4xx + other.status4xx, this.status5xx + other.status5xx, this.failed + other.failed);
		}

		/**
		 * These counts less earlier ones of the same worker.
		 * @param earlier the earlier counts
		 * @return the differences
		 */
		public Counts minus(Counts earlier) {
			return new Counts(this.status2xx - earlier.status2xx, this.status3xx - earlier.status3xx,
					this.status4xx - earlier.status4xx, this.status5xx - earlier.status5xx,
					this.failed - earlier.failed);
		}

	}

}
