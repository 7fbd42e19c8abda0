package io.github.clustermaster.warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a warm-up did: the requests answered, by status class, those that failed without
 * an answer, how long it took, its slowest request and whether it reached its time
 * limit.
 *
 * @param byClass the answers by status class, index 1 to 5 (1xx to 5xx; index 0 unused)
 * @param failed requests that got no answer (refused, reset, timed out)
 * @param firstFailure what the first failure was, or {@code null}
 * @param took how long the warm-up took
 * @param slowestPath the path of its slowest answered request, or {@code null} when none
 * was answered
 * @param slowest how long that request took
 * @param timedOut whether it stopped at its time limit
 * @author cluster-master
 */
public record WarmupResult(long[] byClass, long failed, @Nullable String firstFailure, Duration took,
		@Nullable String slowestPath, Duration slowest, boolean timedOut) {

	/**
	 * The requests that were answered, whatever their status.
	 * @return the count
	 */
	public long answered() {
		long answered = 0;
		for (long count : this.byClass) {
			answered += count;
		}
		return answered;
	}

	/**
	 * The requests sent and ended, answered or failed.
	 * @return the count
	 */
	public long requests() {
		return answered() + this.failed;
	}

	/**
	 * The answers with a status in a class.
	 * @param statusClass 1 to 5
	 * @return the count
	 */
	public long answered(int statusClass) {
		return this.byClass[statusClass];
	}

	/**
	 * One sentence: e.g. "200 requests in 1.8 s (2xx 100, 302 100), slowest GET /account
	 * 412 ms".
	 * @return the sentence
	 */
	public String summary() {
		List<String> classes = new ArrayList<>();
		for (int i = 1; i < this.byClass.length; i++) {
			if (this.byClass[i] > 0) {
				classes.add(i + "xx " + this.byClass[i]);
			}
		}
		if (this.failed > 0) {
			classes.add(this.failed + " without an answer (first: " + this.firstFailure + ")");
		}
		String slowest = (this.slowestPath != null)
				? ", slowest GET " + this.slowestPath + " " + this.slowest.toMillis() + " ms" : "";
		return requests() + " requests in " + String.format(Locale.ROOT, "%.1f s", this.took.toNanos() / 1e9)
				+ (classes.isEmpty() ? "" : " (" + String.join(", ", classes) + ")") + slowest;
	}

}
