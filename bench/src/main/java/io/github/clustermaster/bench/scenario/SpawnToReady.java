package io.github.clustermaster.bench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.clustermaster.bench.measure.MasterLog;
import io.github.clustermaster.bench.measure.MasterLog.Spawn;
import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.bench.report.Stats;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;

/**
 * Steps 1 and 1c: a worker's spawn → ready on an idle machine, a master of one worker
 * restarted again and again, the times read from its log: plain against fast start (a
 * class-data archive), with the boot's phases; and the sample processed by Spring AOT
 * with its archive against plain.
 *
 * @author cluster-master
 */
public final class SpawnToReady {

	private static final long IDLE_MILLIS = 1_000;

	private SpawnToReady() {
	}

	/** Step 1: plain against fast start. */
	public static void plainAgainstFast(BenchRun bench) throws Exception {
		Report report = bench.report();
		print("");
		print("1. spawn -> ready of one worker, no load: a master of 1 worker, %s, each replacing the worker "
				+ "(times from the master's log: 'Started Worker' to 'is ready')",
				plural(bench.options().samples(), "rolling restart"));
		Samples plain = samples(bench, "plain", bench.jar(), List.of(), false);
		// The fast master builds the archive that the masters of the rolling restarts (the same
		// release, deploy path, JVM and cache) then find ready.
		Samples fast = samples(bench, "fast", bench.current(), List.of(), true);
		double ratio = fast.medianMillis() / plain.medianMillis();
		double limit = (Runtime.version().feature() >= 25) ? 0.5 : 0.6;
		print("  %-32s %,6.0f ms median of %d  %s", "plain (fast-start=false)", plain.medianMillis(), plain.spawns().size(),
				plain.text());
		print("  %-32s %,6.0f ms median of %d  %s   ratio %.2f", "fast (fast-start=true: " + fast.mode() + ")",
				fast.medianMillis(), fast.spawns().size(), fast.text(), ratio);
		report.target("spawn_fast <= " + limit + " x spawn_plain on JDK " + Runtime.version().feature(), ratio <= limit,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f ms, fast mode %s)", ratio, fast.medianMillis(), plain.medianMillis(),
						fast.mode()));
		report.put("spawn_plain_ms", Math.round(plain.medianMillis()));
		report.put("spawn_fast_ms", Math.round(fast.medianMillis()));
		report.put("fast_mode", fast.mode());
		report.put("spawn_ratio", round(ratio, 2));
		report.put("spawn_samples", Math.min(plain.spawns().size(), fast.spawns().size()));
		bootBreakdown(report, "plain", plain.log());
		bootBreakdown(report, "fast", fast.log());
	}

	/**
	 * Step 1c: the sample processed by Spring AOT ({@code sample-app -Paot}, built by
	 * bench/run, its path in {@code -Dbench.aot-jar}), masters and workers started with
	 * {@code -Dspring.aot.enabled=true}, the workers on the generated code and the archive
	 * of its own training run; against plain.
	 */
	public static void springAot(BenchRun bench) throws Exception {
		Report report = bench.report();
		String property = System.getProperty("bench.aot-jar");
		print("");
		if (property == null || !Files.isRegularFile(Path.of(property))) {
			print("1c. spawn -> ready with Spring AOT: skipped, no jar processed by Spring AOT (bench/run builds it "
					+ "with mvn -Paot -pl sample-app -am package)");
			return;
		}
		print("1c. spawn -> ready of one worker of the sample processed by Spring AOT (-Dspring.aot.enabled=true) "
				+ "with its archive (fast-start=true), no load, %s; against plain",
				plural(bench.options().samples(), "rolling restart"));
		if (report.whole("spawn_plain_ms") == null) {
			Samples plain = samples(bench, "plain", bench.jar(), List.of(), false);
			report.put("spawn_plain_ms", Math.round(plain.medianMillis()));
			print("  %-32s %,6.0f ms median of %d  %s", "plain (fast-start=false)", plain.medianMillis(),
					plain.spawns().size(), plain.text());
		}
		double plainMillis = report.whole("spawn_plain_ms");
		Path deploy = Files.createDirectories(bench.logs().resolve("deploy-aot/current")).resolve("app.jar");
		Files.copy(Path.of(property), deploy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
		Samples aot = samples(bench, "aot", deploy, List.of("-Dspring.aot.enabled=true"), true);
		boolean generated = aot.log().aotProcessed();
		double ratio = aot.medianMillis() / plainMillis;
		int feature = Runtime.version().feature();
		print("  %-32s %,6.0f ms median of %d  %s   ratio %.2f%s", "Spring AOT + " + aot.mode(), aot.medianMillis(),
				aot.spawns().size(), aot.text(), ratio,
				generated ? "" : "  (NO worker logged 'Starting AOT-processed')");
		if (feature >= 25) {
			report.target("spawn_aot <= 0.35 x spawn_plain on JDK 25", ratio <= 0.35 && generated,
					String.format(Locale.US, "%.2f (%,.0f / %,.0f ms, %s)", ratio, aot.medianMillis(), plainMillis,
							aot.mode()));
		}
		else {
			print("  (the target, 0.35 x plain, is JDK 25's: run with --java and a JDK 25 for it)");
		}
		report.put("spawn_aot_ms", Math.round(aot.medianMillis()));
		report.put("spawn_aot_java", feature);
		report.put("spawn_aot_mode", aot.mode());
		report.put("spawn_aot_ratio", round(ratio, 2));
		report.put("spawn_aot_generated_code", generated);
		report.put("spawn_aot_samples", aot.spawns().size());
	}

	/**
	 * Restart a master of one worker {@code samples} times without load and answer the
	 * replacements' spawn → ready; a fast one first waits for its archive, so that every
	 * replacement boots with it.
	 */
	private static Samples samples(BenchRun bench, String name, Path jar, List<String> jvmArgs, boolean fastStart)
			throws Exception {
		String cache = bench.cacheArg(name.equals("plain") ? "spawn-plain" : name.equals("fast") ? "rollout" : name);
		Config config = Config.master("spawn " + name, 1, jvmArgs,
				List.of("--cluster.master.fast-start=" + fastStart, cache));
		try (Server server = bench.start(config, jar, "spawn-" + name)) {
			server.awaitReady();
			if (fastStart) {
				print("  %s: %s", name, server.awaitFastStart());
			}
			for (int i = 1; i <= bench.options().samples(); i++) {
				Thread.sleep(IDLE_MILLIS);
				server.signal("HUP");
				server.awaitRollingRestart();
			}
			MasterLog log = server.log();
			return new Samples(log.spawns().stream().filter((spawn) -> spawn.generation() > 1).toList(), log);
		}
	}

	/**
	 * Print and keep the medians of the replacements' boot phases
	 * ({@link MasterLog#bootPhases()}); JSON keys {@code boot_<name>_<phase>_ms}.
	 */
	private static void bootBreakdown(Report report, String name, MasterLog log) {
		List<long[]> complete = log.bootPhases();
		if (complete.isEmpty()) {
			print("  boot breakdown %s: no worker with every line (another logging pattern?)", name);
			return;
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < MasterLog.BOOT_PHASES.size(); i++) {
			int phase = i + 1;
			double median = median(complete, (t) -> t[phase] - t[phase - 1]);
			report.put("boot_" + name + "_" + MasterLog.BOOT_PHASES.get(i) + "_ms", Math.round(median));
			text.append(String.format(Locale.US, "  %s %,.0f", MasterLog.BOOT_PHASES.get(i), median));
		}
		print("  boot breakdown %-6s (ms, medians of %d, each from the phase before):%s", name, complete.size(), text);
	}

	/** The replacements of one master and its log. */
	private record Samples(List<Spawn> spawns, MasterLog log) {

		double medianMillis() {
			return median(this.spawns, Spawn::millis);
		}

		String mode() {
			return this.spawns.stream().map(Spawn::mode).distinct().collect(Collectors.joining("+"));
		}

		String text() {
			return Stats.millis(this.spawns.stream().map(Spawn::millis).toList());
		}

	}

}
