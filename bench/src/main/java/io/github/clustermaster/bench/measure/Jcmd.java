package io.github.clustermaster.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jcmd} of the bench's own JDK against one JVM, each answer kept in a log, and what
 * its answers say (JDK 17 and 25 print some of them differently).
 *
 * @param pid the JVM
 * @param logs the directory of the logs
 * @author cluster-master
 */
public record Jcmd(long pid, Path logs) {

	private static final AtomicInteger CALLS = new AtomicInteger();

	private static final Pattern CLASS_NAME = Pattern.compile("^[|\\s-]*([A-Za-z_$][\\w$.]*)/");

	private static final Pattern CLASSES = Pattern
		.compile("Total Usage - (\\d+) loaders, (\\d+) classes(?: \\((\\d+) shared\\))?");

	private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

	private static final Pattern NMT_CATEGORY = Pattern
		.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

	/** Run one command, for example {@code GC.heap_info}, and answer its output. */
	public String run(String... command) {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(this.pid)));
		line.addAll(List.of(command));
		String name = "jcmd-" + this.pid + "-" + String.join("-", command).replace('=', '-') + "-"
				+ CALLS.incrementAndGet() + ".log";
		return Tool.run(line, this.logs.resolve(name), Duration.ofSeconds(60));
	}

	/** The loaded classes (hidden classes and lambdas too) by their package's first 3 parts, most first. */
	public Map<String, Integer> packages() {
		Map<String, Integer> counts = new HashMap<>();
		for (String line : run("VM.class_hierarchy").split("\n")) {
			Matcher matcher = CLASS_NAME.matcher(line);
			if (matcher.find()) {
				String[] parts = matcher.group(1).split("\\.");
				int keep = Math.min(3, Math.max(parts.length - 1, 1));
				counts.merge(String.join(".", Arrays.asList(parts).subList(0, keep)), 1, Integer::sum);
			}
		}
		Map<String, Integer> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return sorted;
	}

	/** Loaders, classes and shared classes (-1 where not said) of {@code VM.metaspace}, or none. */
	public static long[] classes(String metaspace) {
		Matcher usage = CLASSES.matcher(metaspace);
		if (!usage.find()) {
			return new long[0];
		}
		return new long[] { Long.parseLong(usage.group(1)), Long.parseLong(usage.group(2)),
				(usage.group(3) != null) ? Long.parseLong(usage.group(3)) : -1 };
	}

	/** The committed native memory in MiB of {@code VM.native_memory summary}, or NaN. */
	public static double nativeMemoryTotal(String summary) {
		Matcher total = NMT_TOTAL.matcher(summary);
		return total.find() ? Long.parseLong(total.group(2)) / 1024.0 : Double.NaN;
	}

	/** The committed native memory in MiB by category of {@code VM.native_memory summary}. */
	public static Map<String, Double> nativeMemory(String summary) {
		Map<String, Double> committed = new LinkedHashMap<>();
		Matcher category = NMT_CATEGORY.matcher(summary);
		while (category.find()) {
			committed.put(category.group(1).trim(), Long.parseLong(category.group(3)) / 1024.0);
		}
		return committed;
	}

	/**
	 * The heap and metaspace in MiB, from {@code GC.heap_info} and
	 * {@code VM.metaspace scale=KB}; NaN where absent.
	 *
	 * @param committed the heap committed
	 * @param used the heap used
	 * @param metaspaceUsed the metaspace used
	 * @param metaspaceCommitted the metaspace committed
	 */
	public record Heap(double committed, double used, double metaspaceUsed, double metaspaceCommitted) {

		private static final Pattern GENERATION = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K");

		private static final Pattern METASPACE_USED = Pattern
			.compile("Both:\\s+\\d+ chunks,.*?([0-9.]+) KB \\(\\s*<?\\d+%\\) used");

		private static final Pattern METASPACE_COMMITTED = Pattern
			.compile("Both:\\s+[0-9.]+ KB reserved,\\s+([0-9.]+) KB \\(\\s*<?\\d+%\\) committed");

		public static Heap of(String heapInfo, String metaspace) {
			double committed = 0;
			double used = 0;
			boolean found = false;
			for (String line : heapInfo.split("\n")) {
				Matcher generation = GENERATION.matcher(line);
				if (!line.contains("Metaspace") && !line.contains("class space") && generation.find()) {
					// G1: one "garbage-first heap" line; Serial, Parallel: one per generation
					committed += Long.parseLong(generation.group(1)) / 1024.0;
					used += Long.parseLong(generation.group(2)) / 1024.0;
					found = true;
				}
			}
			return new Heap(found ? committed : Double.NaN, found ? used : Double.NaN,
					kibibytes(METASPACE_USED, metaspace), kibibytes(METASPACE_COMMITTED, metaspace));
		}

		private static double kibibytes(Pattern pattern, String text) {
			Matcher matcher = pattern.matcher(text);
			return matcher.find() ? Double.parseDouble(matcher.group(1)) / 1024 : Double.NaN;
		}

	}

}
