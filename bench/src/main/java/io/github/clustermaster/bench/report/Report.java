package io.github.clustermaster.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run prints: its figures as it goes, each target met or missed, and, as the last
 * line, the figures as one flat JSON object in the order they were measured (its keys are
 * an interface: docs/benchmark.md and the README quote them, scripts read them).
 *
 * @author cluster-master
 */
public final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, @Nullable Object> figures = new LinkedHashMap<>();

	private final List<String> verdicts = new ArrayList<>();

	/** Keep a figure of the JSON line; NaN and infinity become {@code null}. */
	public void put(String key, @Nullable Object value) {
		boolean undefined = value instanceof Double number && (number.isNaN() || number.isInfinite());
		this.figures.put(key, undefined ? null : value);
	}

	/** A figure kept before, for a later step that builds on it, if it is a whole number. */
	public @Nullable Long whole(String key) {
		return (this.figures.get(key) instanceof Long number) ? number : null;
	}

	/** Judge a target, for example {@code restart_failed = 0}, by its figure as it is to be read. */
	public void target(String target, boolean met, String figure) {
		this.verdicts.add((met ? "met    " : "missed ") + target + ": " + figure);
	}

	public List<String> verdicts() {
		return List.copyOf(this.verdicts);
	}

	public long missed() {
		return this.verdicts.stream().filter((line) -> line.startsWith("missed")).count();
	}

	/** The figures as one JSON object on one line. */
	public String json() {
		return JSON.writeValueAsString(this.figures);
	}

	/** Print a line of the report, numbers as in {@link Locale#US}. */
	public static void print(String format, Object... args) {
		System.out.println(String.format(Locale.US, format, args));
	}

}
