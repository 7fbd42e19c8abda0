package io.github.clustermaster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.clustermaster.bench.measure.Machine;
import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.bench.scenario.BenchRun;
import io.github.clustermaster.bench.scenario.Canary;
import io.github.clustermaster.bench.scenario.Deploy;
import io.github.clustermaster.bench.scenario.Memory;
import io.github.clustermaster.bench.scenario.Options;
import io.github.clustermaster.bench.scenario.Respawn;
import io.github.clustermaster.bench.scenario.Rollout;
import io.github.clustermaster.bench.scenario.Sessions;
import io.github.clustermaster.bench.scenario.SpawnToReady;
import io.github.clustermaster.bench.scenario.Throughput;
import io.github.clustermaster.bench.scenario.WarmUp;

import static io.github.clustermaster.bench.report.Report.print;

/**
 * Benchmarks the sample app under cluster-master, every figure from real processes on free
 * loopback ports: a worker's spawn → ready (1, 1c) and its respawn after kill -9 (1b);
 * throughput by {@code wrk} (2) and with a session on every request (2b); rolling
 * restarts and deploys under load (3, 3b, 3c, 3d); memory (4). Its last line is one JSON
 * object with the figures. Run it with {@code bench/run}: the first argument is the sample
 * jar, the others are options ({@code bench/run --help}).
 *
 * @author cluster-master
 */
public final class ClusterBench {

	/** The steps in the order of a whole run, by name: an {@code --X-only} option runs its step alone. */
	private static final Map<String, Step> STEPS = steps();

	/** Set by the shutdown hook: Ctrl-C or SIGTERM, not a failure of the run. */
	private static volatile boolean interrupted;

	private final BenchRun bench;

	/** Seconds each step took. */
	private final Map<String, Double> elapsed = new LinkedHashMap<>();

	private final long started = System.nanoTime();

	private ClusterBench(BenchRun bench) {
		this.bench = bench;
	}

	private static Map<String, Step> steps() {
		Map<String, Step> steps = new LinkedHashMap<>();
		steps.put("spawn", SpawnToReady::plainAgainstFast);
		steps.put("spawn-aot", SpawnToReady::springAot);
		steps.put("respawn", Respawn::run);
		steps.put("throughput", Throughput::run);
		steps.put("sessions", Sessions::run);
		steps.put("rollout", Rollout::run);
		steps.put("warmup", WarmUp::run);
		steps.put("deploy", Deploy::run);
		steps.put("canary", Canary::run);
		steps.put("nmt", Memory::nativeMemory);
		return steps;
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0 || Arrays.asList(args).contains("--help")) {
			System.out.println("usage: bench/run [options] (bench/run --help)");
			System.exit((args.length == 0) ? 2 : 0);
		}
		Options options = null;
		try {
			options = Options.parse(Arrays.asList(args).subList(1, args.length));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("bench/run: " + ex.getMessage() + " (see --help)");
			System.exit(2);
		}
		Path source = Path.of(args[0]);
		Path logs = Files.createDirectories(Path.of("/tmp", "cluster-bench-"
				+ LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		// A copy, so that a rebuild during the run cannot change the jar under the workers.
		Path jar = Files.copy(source, logs.resolve("app.jar"), StandardCopyOption.COPY_ATTRIBUTES);
		Path current = Files.createDirectories(logs.resolve("deploy/current")).resolve("app.jar");
		Files.copy(jar, current, StandardCopyOption.COPY_ATTRIBUTES);
		Report report = new Report();
		ClusterBench bench = new ClusterBench(new BenchRun(jar, current, logs, options, report));
		// On Ctrl-C or SIGTERM the harness's own hooks stop every process this run started
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			interrupted = true;
			cleanUp(logs);
		}, "clean-up"));
		int code = 0;
		try {
			bench.run(source);
		}
		catch (Exception | AssertionError ex) {
			// On Ctrl-C the harness stops the servers under the run, which then sees them exit
			String why = interrupted ? "interrupted" : "failed: " + ex.getMessage();
			System.err.println("bench/run: " + why + " (logs in " + logs + ")");
			report.put("error", why);
			System.out.println(report.json());
			code = 1;
		}
		System.exit(code);
	}

	private void run(Path source) throws Exception {
		header(source);
		String only = this.bench.options().only();
		for (Map.Entry<String, Step> step : STEPS.entrySet()) {
			if (only == null || only.equals(step.getKey())) {
				long start = System.nanoTime();
				step.getValue().run(this.bench);
				this.elapsed.put(step.getKey(), (System.nanoTime() - start) / 1e9);
			}
		}
		summary();
	}

	private void header(Path source) throws IOException {
		Report report = this.bench.report();
		int cores = Runtime.getRuntime().availableProcessors();
		print("cluster-master benchmark, %s UTC%s", LocalDateTime.now(ZoneOffset.UTC).withNano(0),
				this.bench.options().quick() ? " (--quick: fewer samples, shorter windows)" : "");
		print("java %s (%s, %s), %s %s, %d cores, load average %s at start", Runtime.version(),
				System.getProperty("java.vm.name"), System.getProperty("java.home"), System.getProperty("os.name"),
				System.getProperty("os.version"), cores, Machine.loadAverage());
		print("jar %s (built %s UTC), run from copies in %s", source,
				LocalDateTime.ofInstant(Files.getLastModifiedTime(source).toInstant(), ZoneOffset.UTC).withNano(0),
				this.bench.logs());
		print("every process runs on this machine, the load generators too; the masters' release caches "
				+ "(cluster.master.cache-dir) are new directories in that one, so nothing is left from earlier runs");
		report.put("java", Runtime.version().toString());
		report.put("java_feature", Runtime.version().feature());
		report.put("cores", cores);
		report.put("load_average_start", Machine.loadAverageFigure());
		report.put("quick", this.bench.options().quick());
	}

	private void summary() {
		Report report = this.bench.report();
		print("");
		print("targets, load average %s now:", Machine.loadAverage());
		report.verdicts().forEach((line) -> print("  %s", line));
		report.put("targets_missed", report.missed());
		report.put("load_average_end", Machine.loadAverageFigure());
		double total = (System.nanoTime() - this.started) / 1e9;
		report.put("elapsed_s", Math.round(total));
		print("took %.0f s (%s); logs in %s", total, this.elapsed.entrySet()
			.stream()
			.map((entry) -> String.format(Locale.US, "%s %.0f s", entry.getKey(), entry.getValue()))
			.collect(Collectors.joining(", ")), this.bench.logs());
		System.out.println(report.json());
	}

	/** Delete the jars and release caches of a run, deepest first: the logs and their directories stay. */
	private static void cleanUp(Path logs) {
		try (Stream<Path> files = Files.walk(logs)) {
			files.sorted(Comparator.reverseOrder())
				.filter((file) -> !file.equals(logs) && !file.toString().endsWith(".log"))
				.forEach((file) -> file.toFile().delete());
		}
		catch (IOException | RuntimeException ex) {
			// left in the log directory
		}
	}

	/** One step of a run. */
	private interface Step {

		void run(BenchRun bench) throws Exception;

	}

}
