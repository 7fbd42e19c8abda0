package io.github.clustermaster.supervisor;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A canary analysis's judgement of a new release against the old one, with the figures
 * it went by.
 *
 * @param verdict what it found
 * @param summary one sentence with the figures
 * @param newWorkers the new release's workers' requests of the window
 * @param oldWorkers the old release's workers' requests of the same window
 * @author cluster-master
 */
public record CanaryReport(Verdict verdict, String summary, Side newWorkers, Side oldWorkers) {

	/**
	 * What a canary analysis found.
	 */
	public enum Verdict {

		/** The new release is not clearly worse than the old. */
		PASSED,

		/** The new release answers clearly more requests with 5xx, or fails them. */
		MORE_ERRORS,

		/** The new release is clearly slower: its p99 latency. */
		SLOWER,

		/** The new release served too few requests to judge it. */
		TOO_LITTLE_TRAFFIC;

		/**
		 * Whether the rollout is aborted for it.
		 * @return whether the new release is worse
		 */
		public boolean isWorse() {
			return this == MORE_ERRORS || this == SLOWER;
		}

	}

	/**
	 * The requests of some workers over the window.
	 *
	 * @param workers how many workers
	 * @param requests their requests
	 * @param errors those answered with 5xx or failed
	 * @param p50Millis their median latency (the request-weighted mean of each worker's), or
	 * {@code null} where it is not known
	 * @param p99Millis their p99 latency, the same way, or {@code null}
	 */
	public record Side(int workers, long requests, long errors, @Nullable Double p50Millis,
			@Nullable Double p99Millis) {

		/**
		 * The side of some workers' outcomes.
		 * @param outcomes each worker's outcomes
		 * @return the side
		 */
		static Side of(List<RequestOutcomes> outcomes) {
			long requests = 0;
			long errors = 0;
			double p50 = 0;
			double p99 = 0;
			long timed = 0;
			for (RequestOutcomes worker : outcomes) {
				long served = worker.window().requests();
				requests += served;
				errors += worker.window().errors();
				if (served > 0 && worker.p50Millis() != null && worker.p99Millis() != null) {
					p50 += worker.p50Millis() * served;
					p99 += worker.p99Millis() * served;
					timed += served;
				}
			}
			return new Side(outcomes.size(), requests, errors, (timed > 0) ? round(p50 / timed) : null,
					(timed > 0) ? round(p99 / timed) : null);
		}

		private static double round(double millis) {
			return Math.round(millis * 100) / 100.0;
		}

		/**
		 * The share of errors.
		 * @return from 0 to 1, 0 without requests
		 */
		double errorShare() {
			return (this.requests > 0) ? (double) this.errors / this.requests : 0;
		}

		/** {@code 48 of 50 requests (96.0%)}. */
		String errorsInWords() {
			return this.errors + " of " + this.requests + ((this.requests == 1) ? " request" : " requests") + " ("
					+ String.format(Locale.ROOT, "%.1f%%", errorShare() * 100) + ")";
		}

		/** {@code 312.5 ms}, or {@code unknown}. */
		String p99InWords() {
			return (this.p99Millis != null) ? Sentences.millis(this.p99Millis) : "unknown";
		}

	}

}
