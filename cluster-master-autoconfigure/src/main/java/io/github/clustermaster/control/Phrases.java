package io.github.clustermaster.control;

import java.time.Duration;
import java.util.Locale;

/**
 * The small pieces of text every surface's sentences are made of.
 *
 * @author cluster-master
 */
public final class Phrases {

	private Phrases() {
	}

	/**
	 * A number of workers: {@code 1 worker}, {@code 3 workers}.
	 * @param count the number
	 * @return the text
	 */
	public static String workers(long count) {
		return count + ((count == 1) ? " worker" : " workers");
	}

	/**
	 * A short duration: {@code 4.2s}, {@code 5m 03s}, {@code 2h 05m}, {@code 3d 04h}.
	 * @param duration the duration
	 * @return the text
	 */
	public static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86400) {
			return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
		}
		return String.format(Locale.ROOT, "%dd %02dh", seconds / 86400, (seconds % 86400) / 3600);
	}

}
