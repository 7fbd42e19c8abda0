package io.github.clustermaster.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of the report: medians (NaN left out), sums, percentiles, rounding for
 * the JSON line, and a few words.
 *
 * @author cluster-master
 */
public final class Stats {

	private Stats() {
	}

	public static <T> double median(List<T> values, ToDoubleFunction<T> value) {
		double[] sorted = values.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	public static double median(List<? extends Number> values) {
		return median(values, Number::doubleValue);
	}

	public static <T> long sum(List<T> values, ToDoubleFunction<T> value) {
		return (long) values.stream().mapToDouble(value).sum();
	}

	/** The q-quantile (nearest rank) of latencies in nanoseconds, in milliseconds. */
	public static double percentile(List<Long> nanos, double q) {
		if (nanos.isEmpty()) {
			return Double.NaN;
		}
		List<Long> sorted = new ArrayList<>(nanos);
		sorted.sort(null);
		int rank = (int) Math.ceil(q * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
	}

	/** A figure of the JSON line: a whole number without decimals, {@code null} for NaN. */
	public static @Nullable Object round(double value, int decimals) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		return (decimals == 0) ? (Object) Math.round(value)
				: (Object) (Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals));
	}

	public static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/** Samples in a row, for example {@code (1,204 1,310 ms)}. */
	public static String millis(List<Double> millis) {
		return millis.stream()
			.map((value) -> String.format(Locale.US, "%,.0f", value))
			.collect(Collectors.joining(" ", "(", " ms)"));
	}

	public static <T> T last(List<T> values) {
		return values.get(values.size() - 1);
	}

}
