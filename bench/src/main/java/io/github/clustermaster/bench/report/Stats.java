package io.github.clustermaster.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of the report: medians, sums, percentiles, rounding and a few words.
 *
 * @author cluster-master
 */
public final class Stats {

	private Stats() {
	}

	/**
	 * The median of some figures, NaN ones left out.
	 * @param <T> what holds a figure
	 * @param values the values
	 * @param value the figure of a value
	 * @return the median, or NaN when there is none
	 */
	public static <T> double median(List<T> values, ToDoubleFunction<T> value) {
		double[] sorted = values.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * The median of numbers.
	 * @param values the numbers
	 * @return the median, or NaN when there is none
	 */
	public static double median(List<? extends Number> values) {
		return median(values, Number::doubleValue);
	}

	/**
	 * The sum of some figures, as a whole number.
	 * @param <T> what holds a figure
	 * @param values the values
	 * @param value the figure of a value
	 * @return the sum
	 */
	public static <T> long sum(List<T> values, ToDoubleFunction<T> value) {
		return (long) values.stream().mapToDouble(value).sum();
	}

	/**
	 * The q-quantile of latencies in nanoseconds, in milliseconds (nearest rank).
	 * @param nanos the latencies
	 * @param q the quantile, 0.99 for p99
	 * @return the quantile in milliseconds, or NaN when there is none
	 */
	public static double percentile(List<Long> nanos, double q) {
		if (nanos.isEmpty()) {
			return Double.NaN;
		}
		List<Long> sorted = new ArrayList<>(nanos);
		sorted.sort(null);
		int rank = (int) Math.ceil(q * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
	}

	/**
	 * A figure of the JSON line: a whole number with no decimals, else a decimal number.
	 * @param value the figure
	 * @param decimals how many decimals to keep
	 * @return the rounded figure, or {@code null} for NaN and infinity
	 */
	public static @Nullable Object round(double value, int decimals) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		return (decimals == 0) ? (Object) Math.round(value)
				: (Object) (Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals));
	}

	/**
	 * A count and its noun, plural unless the count is one.
	 * @param count the count
	 * @param noun the noun in the singular
	 * @return for example {@code 3 rounds}
	 */
	public static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/**
	 * Milliseconds in a row, for a line of samples.
	 * @param millis the samples
	 * @return for example {@code (1,204 1,310 ms)}
	 */
	public static String millis(List<Double> millis) {
		return millis.stream()
			.map((value) -> String.format(Locale.US, "%,.0f", value))
			.collect(Collectors.joining(" ", "(", " ms)"));
	}

	/**
	 * The last of some values.
	 * @param <T> their type
	 * @param values at least one value
	 * @return the last
	 */
	public static <T> T last(List<T> values) {
		return values.get(values.size() - 1);
	}

}
