package io.github.clustermaster.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The options of a run: whole numbers as {@code --key=value}, {@code --quick} (fewer
 * samples, shorter windows) and at most one {@code --X-only}.
 *
 * @param quick whether {@code --quick} was given
 * @param only the one step to run, or {@code null} for all
 * @param samples spawn → ready samples, plain and fast each
 * @param kills kill -9 samples, with a spare and without each
 * @param restarts rolling restarts per configuration
 * @param rounds throughput rounds on fresh JVMs
 * @param warmup seconds of unmeasured load before each throughput window
 * @param window seconds of each measured window
 * @param connections wrk connections
 * @author cluster-master
 */
public record Options(boolean quick, @Nullable String only, int samples, int kills, int restarts, int rounds,
		int warmup, int window, int connections) {

	/** Each {@code --X-only} option and the step it runs alone. */
	public static final Map<String, String> ONLY = Map.of("--spawn-only", "spawn", "--aot-only", "spawn-aot",
			"--spares-only", "respawn", "--sessions-only", "sessions", "--warmup-only", "warmup", "--deploy-only",
			"deploy", "--canary-only", "canary");

	private static final Map<String, Integer> FULL = Map.of("samples", 7, "kills", 5, "restarts", 2, "rounds", 3,
			"warmup", 30, "window", 10, "connections", 8);

	private static final Map<String, Integer> QUICK = Map.of("samples", 3, "kills", 2, "restarts", 1, "rounds", 1,
			"warmup", 5, "window", 5, "connections", 8);

	/**
	 * Read the options.
	 * @param args the arguments after the jar
	 * @return the options
	 * @throws IllegalArgumentException naming an option that is unknown or has a bad value
	 */
	public static Options parse(List<String> args) {
		boolean quick = args.contains("--quick");
		List<String> only = args.stream().filter(ONLY::containsKey).distinct().toList();
		if (only.size() > 1) {
			throw new IllegalArgumentException(String.join(", ", only) + " exclude each other");
		}
		Map<String, Integer> values = new LinkedHashMap<>(quick ? QUICK : FULL);
		for (String arg : args) {
			if (arg.equals("--quick") || ONLY.containsKey(arg)) {
				continue;
			}
			String[] pair = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[0];
			if (pair.length != 2 || !values.containsKey(pair[0]) || pair[1].isEmpty() || pair[1].length() > 4
					|| !pair[1].chars().allMatch(Character::isDigit)) {
				throw new IllegalArgumentException("unknown option or bad value '" + arg + "'");
			}
			values.put(pair[0], Integer.parseInt(pair[1]));
		}
		if (values.values().stream().anyMatch((value) -> value < 1) || values.get("connections") > 256) {
			throw new IllegalArgumentException("every count and time must be 1 or more, connections 256 at most");
		}
		return new Options(quick, only.isEmpty() ? null : ONLY.get(only.get(0)), values.get("samples"),
				values.get("kills"), values.get("restarts"), values.get("rounds"), values.get("warmup"),
				values.get("window"), values.get("connections"));
	}

}
