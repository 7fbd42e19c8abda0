package io.github.clustermaster.testsupport;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link LoadClient} saw.
 *
 * @param sent requests sent, including any still in flight for a snapshot
 * @param ok requests answered with a 2xx status and a body naming a worker pid
 * @param failed requests that failed, whatever the kind
 * @param failuresByKind how many requests failed, by kind
 * @param failures descriptions of the first failures, with request number and time
 * @param pidCounts for each worker pid that answered, how many requests it answered
 * @param retried requests sent again on a new connection because a reused idle
 * keep-alive connection had been closed before any byte of the response, as real HTTP
 * clients do; not failures
 * @param slowAnswers every answer to a slow client, with its timing
 * @param elapsed time from start to stop or to now
 * @author cluster-master
 */
public record LoadSummary(long sent, long ok, long failed, Map<Failure, Long> failuresByKind, List<String> failures,
		Map<Long, Long> pidCounts, long retried, List<SlowAnswer> slowAnswers, Duration elapsed) {

	/**
	 * Return the pids of the workers that answered.
	 * @return the pids
	 */
	public Set<Long> pids() {
		return this.pidCounts.keySet();
	}

	/**
	 * Describe the figures in one line.
	 * @return the figures
	 */
	public String figures() {
		return String.format(Locale.ROOT, "requests sent %d, failed %d %s (keep-alive retries %d, slow answered %d)",
				this.sent, this.failed, this.failuresByKind, this.retried, this.slowAnswers.size());
	}

	/**
	 * The kinds of failed request.
	 */
	public enum Failure {

		/** Nothing accepted the connection. */
		REFUSED,

		/** The connection was reset or its pipe broke. */
		RESET,

		/** No answer within the read or connect timeout. */
		TIMEOUT,

		/** The connection closed before the response was complete. */
		CUT_SHORT,

		/** Another I/O failure, or a response that is not HTTP. */
		OTHER,

		/** A complete response with a status other than 2xx. */
		STATUS,

		/** A 2xx response whose body names no worker pid. */
		NO_PID;

		/**
		 * Return the kind of a failed result.
		 * @param result a result that is not OK
		 * @return its kind
		 */
		static Failure of(HttpResult result) {
			Exception failure = result.failure();
			if (failure == null) {
				return (result.status() >= 200 && result.status() < 300) ? NO_PID : STATUS;
			}
			if (failure instanceof ConnectException) {
				return REFUSED;
			}
			if (failure instanceof SocketTimeoutException) {
				return TIMEOUT;
			}
			if (failure instanceof EOFException) {
				return CUT_SHORT;
			}
			String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
			if (failure instanceof SocketException && (message.contains("reset") || message.contains("broken pipe"))) {
				return RESET;
			}
			return OTHER;
		}

	}

	/**
	 * One answer to a slow client.
	 *
	 * @param pid the pid that answered, or -1
	 * @param status the status, or -1
	 * @param startNanos when it was sent, in {@link System#nanoTime()}
	 * @param endNanos when the answer was complete or failed
	 */
	public record SlowAnswer(long pid, int status, long startNanos, long endNanos) {

	}

}
