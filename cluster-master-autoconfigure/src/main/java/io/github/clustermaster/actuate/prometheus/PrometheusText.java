package io.github.clustermaster.actuate.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges scrapes in the Prometheus text format (version 0.0.4) into one: each metric
 * family once, with its {@code # HELP} and {@code # TYPE}, then the samples of every
 * scrape. The workers' scrapes differ by their {@code worker} and {@code generation}
 * labels, so their samples never collide; the pool's own meters ({@code cluster_master_*},
 * the same in every worker) are taken from the first scrape only.
 *
 * @author cluster-master
 */
final class PrometheusText {

	/** The families of the pool's meters, read from the master's status by every worker alike. */
	static final String POOL_PREFIX = "cluster_master_";

	private PrometheusText() {
	}

	/**
	 * Merge scrapes.
	 * @param own the answering worker's scrape: its pool meters are the ones kept
	 * @param others the other workers' scrapes
	 * @return the merged scrape
	 */
	static String merge(String own, Iterable<String> others) {
		Map<String, Family> merged = parse(own);
		for (String other : others) {
			parse(other).forEach((name, family) -> {
				if (name.startsWith(POOL_PREFIX)) {
					return;
				}
				Family into = merged.get(name);
				if (into == null) {
					merged.put(name, family);
				}
				else {
					into.samples.addAll(family.samples);
				}
			});
		}
		StringBuilder text = new StringBuilder(own.length() * 2);
		merged.values().forEach((family) -> {
			family.metadata.forEach((line) -> text.append(line).append('\n'));
			family.samples.forEach((line) -> text.append(line).append('\n'));
		});
		return text.toString();
	}

	/**
	 * A scrape with only the given families, as Boot's {@code includedNames} filter keeps
	 * them: by the metric's name, a counter's without its {@code _total}.
	 * @param text the scrape
	 * @param names the names to keep
	 * @return the scrape of those families
	 */
	static String only(String text, Set<String> names) {
		StringBuilder kept = new StringBuilder();
		parse(text).forEach((name, family) -> {
			if (names.contains(name) || (name.endsWith("_total") && names.contains(name.substring(0, name.length() - 6)))) {
				family.metadata.forEach((line) -> kept.append(line).append('\n'));
				family.samples.forEach((line) -> kept.append(line).append('\n'));
			}
		});
		return kept.toString();
	}

	/**
	 * The families of a scrape, in order: a {@code # HELP} or {@code # TYPE} line starts or
	 * names one, and the samples that follow belong to it while their names start with its
	 * name ({@code _total}, {@code _count}, {@code _sum}, {@code _bucket}); a sample of
	 * another name is a family of its own.
	 */
	static Map<String, Family> parse(String text) {
		Map<String, Family> families = new LinkedHashMap<>();
		Family current = null;
		for (String line : text.split("\n")) {
			if (line.isBlank()) {
				continue;
			}
			if (line.startsWith("#")) {
				String[] words = line.split(" ", 4);
				boolean metadata = words.length >= 3 && (words[1].equals("HELP") || words[1].equals("TYPE"));
				if (metadata) {
					current = families.computeIfAbsent(words[2], Family::new);
					current.metadata.add(line);
				}
				continue;
			}
			String name = sampleName(line);
			if (current == null || !name.startsWith(current.name)) {
				current = families.computeIfAbsent(name, Family::new);
			}
			current.samples.add(line);
		}
		return families;
	}

	private static String sampleName(String line) {
		int end = 0;
		while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
			end++;
		}
		return line.substring(0, end);
	}

	/** A metric family: its metadata lines and its samples. */
	static final class Family {

		final String name;

		final List<String> metadata = new ArrayList<>();

		final List<String> samples = new ArrayList<>();

		Family(String name) {
			this.name = name;
		}

	}

}
