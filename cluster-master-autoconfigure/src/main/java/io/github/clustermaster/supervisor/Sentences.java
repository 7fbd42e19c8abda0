package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Locale;

/**
 * The small words of the supervisor's log sentences.
 *
 * @author cluster-master
 */
final class Sentences {

	private Sentences() {
	}

	/**
	 * A count of workers: {@code 1 worker}, {@code 3 workers}.
	 * @param count the count
	 * @return the text
	 */
	static String workers(long count) {
		return count + ((count == 1) ? " worker" : " workers");
	}

	/**
	 * A duration in seconds: {@code 1.5 s}.
	 * @param duration the duration
	 * @return the text
	 */
	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * A size in mebibytes: {@code 180 MiB}.
	 * @param bytes the size
	 * @return the text
	 */
	static String mebibytes(long bytes) {
		return (bytes >> 20) + " MiB";
	}

	/**
	 * A latency in milliseconds: {@code 312.5 ms}, {@code 4.12 ms}.
	 * @param millis the latency
	 * @return the text
	 */
	static String millis(double millis) {
		return String.format(Locale.ROOT, (millis < 10) ? "%.2f ms" : "%.1f ms", millis);
	}

}
