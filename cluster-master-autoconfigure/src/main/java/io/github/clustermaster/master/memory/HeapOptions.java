package io.github.clustermaster.master.memory;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The options that set a JVM's maximum heap ({@code -Xmx}, {@code -XX:MaxHeapSize},
 * {@code -XX:MaxRAMPercentage}, {@code -XX:MaxRAM}), read the way the JVM reads them: the
 * last one of a kind wins, {@code -Xmx} wins over the percentages.
 *
 * @param maxHeap the {@code -Xmx} or {@code -XX:MaxHeapSize} in bytes, or {@code null}
 * @param maxRamPercentage the {@code -XX:MaxRAMPercentage}, or {@code null}
 * @param maxRam the {@code -XX:MaxRAM} in bytes, or {@code null}
 * @param option the last heap option, as written, or {@code null} when there is none
 * @author cluster-master
 */
record HeapOptions(@Nullable Long maxHeap, @Nullable Double maxRamPercentage, @Nullable Long maxRam,
		@Nullable String option) {

	/** The JVM's default {@code MaxRAMPercentage}. */
	static final double DEFAULT_MAX_RAM_PERCENTAGE = 25;

	/**
	 * The heap options among JVM options, in order.
	 * @param options the options
	 * @return what they set
	 */
	static HeapOptions of(List<String> options) {
		Long maxHeap = null;
		Double percentage = null;
		Long maxRam = null;
		String option = null;
		for (String candidate : options) {
			String text = candidate.trim();
			if (text.startsWith("-Xmx")) {
				maxHeap = size(text, text.substring(4));
			}
			else if (text.startsWith("-XX:MaxHeapSize=")) {
				maxHeap = size(text, text.substring(16));
			}
			else if (text.startsWith("-XX:MaxRAMPercentage=")) {
				percentage = percentage(text, text.substring(21));
			}
			else if (text.startsWith("-XX:MaxRAM=")) {
				maxRam = size(text, text.substring(11));
			}
			else {
				continue;
			}
			option = text;
		}
		return new HeapOptions(maxHeap, percentage, maxRam, option);
	}

	/**
	 * Whether any option sets the heap.
	 * @return whether the heap is set explicitly
	 */
	boolean explicit() {
		return this.option != null;
	}

	/**
	 * The maximum heap a JVM with these options gets on a machine with this memory (the
	 * JVM's own rule, less its special case for tiny machines).
	 * @param memory the memory the JVM sees, in bytes
	 * @return the maximum heap in bytes
	 */
	long maxHeap(long memory) {
		if (this.maxHeap != null) {
			return this.maxHeap;
		}
		long ram = (this.maxRam != null) ? this.maxRam : memory;
		double percentage = (this.maxRamPercentage != null) ? this.maxRamPercentage : DEFAULT_MAX_RAM_PERCENTAGE;
		return (long) (ram * percentage / 100);
	}

	/**
	 * A JVM size: digits with an optional unit {@code k}, {@code m}, {@code g} or
	 * {@code t}, either case.
	 * @param option the whole option, for the error
	 * @param value the size
	 * @return the bytes
	 * @throws IllegalArgumentException if the size is not one the JVM takes
	 */
	static long size(String option, String value) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
			case 'k' -> 10;
			case 'm' -> 20;
			case 'g' -> 30;
			case 't' -> 40;
			default -> 0;
		};
		String digits = (shift > 0) ? text.substring(0, text.length() - 1) : text;
		try {
			long number = Long.parseLong(digits);
			if (number > 0 && number <= (Long.MAX_VALUE >> shift)) {
				return number << shift;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(option + " is not a heap size the JVM takes (e.g. -Xmx512m, -Xmx2g)");
	}

	private static double percentage(String option, String value) {
		try {
			double percentage = Double.parseDouble(value.trim());
			if (percentage > 0 && percentage <= 100) {
				return percentage;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(option + " is not a percentage from 0 to 100 (e.g. -XX:MaxRAMPercentage=50)");
	}

}
