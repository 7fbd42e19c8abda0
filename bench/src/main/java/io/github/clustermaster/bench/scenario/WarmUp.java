package io.github.clustermaster.bench.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.LoadClient;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.percentile;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;

/**
 * Step 3b: warm-up before traffic. A replacement's first seconds of traffic in a rolling
 * restart under constant load, cold and warmed up ({@code cluster.master.warmup.*}): the
 * p99 of the requests each replacement answered in its first {@value #FIRST_MILLIS} ms
 * over the p99 of the warm pool before the restart.
 *
 * @author cluster-master
 */
public final class WarmUp {

	/** The first milliseconds of a replacement's traffic that are measured. */
	static final long FIRST_MILLIS = 10_000;

	/**
	 * Warm-up requests per worker (cluster.master.warmup.requests) in the warmed-up runs:
	 * enough for HotSpot's tiered compiler to reach C2 on the request path (a few
	 * hundred initialize what is lazy; at 2,000 the request path still runs C1 code, and
	 * its compilation to C2 falls in the replacement's first seconds of traffic).
	 */
	static final int WARMUP_REQUESTS = 10_000;

	private WarmUp() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		print("");
		print("3b. warm-up before traffic: a master of %d workers under constant load (%d clients, a new connection "
				+ "per request, %d ms pause), %s with max-surge 1 and min-restart-age 12 s; p99 of the requests each "
				+ "replacement answered in its first %d s of traffic (from its first answer on the shared port) over "
				+ "the p99 of the warm pool before the restart; cold, then with cluster.master.warmup.paths=/ and %,d "
				+ "requests", Throughput.SIZE, Load.THREADS, Load.PAUSE_MILLIS,
				plural(bench.options().restarts(), "rolling restart"), FIRST_MILLIS / 1000, WARMUP_REQUESTS);
		FirstSeconds cold = firstSeconds(bench, "cold", List.of());
		FirstSeconds warm = firstSeconds(bench, "warmup", List.of("--cluster.master.warmup.paths=/",
				"--cluster.master.warmup.requests=" + WARMUP_REQUESTS, "--cluster.master.warmup.timeout=60s"));
		for (FirstSeconds run : List.of(cold, warm)) {
			print("  %-8s steady p99 %6.2f ms (%,d requests), replacements' first %d s p99 %7.2f ms (%,d requests, "
					+ "slowest %,.0f ms): ratio %.2f; the rest of the pool in the same seconds p99 %.2f ms (%,d "
					+ "requests)%s", run.name(), run.steadyP99(), run.steadyCount(), FIRST_MILLIS / 1000,
					run.firstP99(), run.firstCount(), run.firstMax(), run.ratio(), run.alongsideP99(),
					run.alongsideCount(),
					run.warmups().isEmpty() ? "" : "; warm-ups: " + String.join(", ", run.warmups()));
		}
		Report report = bench.report();
		report.target("rollout_p99_ratio_warmup <= 1.5", warm.ratio() <= 1.5, String.format(Locale.US,
				"%.2f (cold: %.2f; p99 %.2f / %.2f ms warmed up, %.2f / %.2f ms cold)", warm.ratio(), cold.ratio(),
				warm.firstP99(), warm.steadyP99(), cold.firstP99(), cold.steadyP99()));
		report.put("rollout_p99_ratio_warmup", round(warm.ratio(), 2));
		report.put("rollout_p99_ratio_cold", round(cold.ratio(), 2));
		report.put("rollout_first10s_p99_warmup_ms", round(warm.firstP99(), 2));
		report.put("rollout_first10s_p99_cold_ms", round(cold.firstP99(), 2));
		report.put("rollout_steady_p99_warmup_ms", round(warm.steadyP99(), 2));
		report.put("rollout_steady_p99_cold_ms", round(cold.steadyP99(), 2));
		report.put("rollout_alongside_p99_warmup_ms", round(warm.alongsideP99(), 2));
		report.put("rollout_alongside_p99_cold_ms", round(cold.alongsideP99(), 2));
		report.put("rollout_warmup_restarts", bench.options().restarts());
	}

	/**
	 * One master's restarts under load: the steady window of the warm pool before each
	 * restart, then every request answered by a replacement in its first seconds.
	 */
	private static FirstSeconds firstSeconds(BenchRun bench, String name, List<String> args) throws Exception {
		// The canary analysis is off: it judges a cold replacement slow (here it aborted a cold
		// rollout for a p99 3.5 x the old workers'), and this step measures that slowness.
		// A first replacement proven for 12 s before the second boots: its first 10 s share the
		// cores with no boot, so the figure is the cold JVM's, not that of a boot beside it.
		List<String> all = Config.concat(List.of("--cluster.master.restart.max-surge=1",
				"--cluster.master.restart.canary.enabled=false", "--cluster.master.min-restart-age=12s",
				"--cluster.master.fast-start=false", bench.cacheArg("warmup-" + name)), args);
		Config config = Config.master("warm-up " + name, Throughput.SIZE, List.of(), all);
		List<Long> steady = new ArrayList<>();
		List<Long> first = new ArrayList<>();
		List<Long> alongside = new ArrayList<>();
		try (Server server = bench.start(config, bench.jar(), "warmup-" + name)) {
			server.awaitReady();
			for (int i = 1; i <= bench.options().restarts(); i++) {
				long measured;
				long restarted;
				List<LoadClient.Request> requests;
				try (Load load = Load.start(server.port)) {
					// The pool's own first seconds are not steady: warm it, then measure it
					Thread.sleep(FIRST_MILLIS);
					measured = System.nanoTime();
					Thread.sleep(FIRST_MILLIS);
					restarted = System.nanoTime();
					server.signal("HUP");
					server.awaitRollingRestart();
					// the last replacement's first seconds
					Thread.sleep(FIRST_MILLIS + 1_000);
					requests = load.stop().stream().filter(LoadClient.Request::isOk).toList();
				}
				int before = first.size();
				Set<Long> old = new HashSet<>();
				for (LoadClient.Request request : requests) {
					if (request.endNanos() < restarted) {
						old.add(request.pid());
						if (request.endNanos() >= measured) {
							steady.add(request.latencyNanos());
						}
					}
				}
				Map<Long, Long> firstAnswer = new HashMap<>();
				requests.stream()
					.filter((request) -> !old.contains(request.pid()))
					.forEach((request) -> firstAnswer.merge(request.pid(), request.endNanos(), Math::min));
				long window = TimeUnit.MILLISECONDS.toNanos(FIRST_MILLIS);
				for (LoadClient.Request request : requests) {
					Long since = firstAnswer.get(request.pid());
					if (since != null && request.endNanos() - since <= window) {
						first.add(request.latencyNanos());
					}
					else if (firstAnswer.values()
						.stream()
						.anyMatch((start) -> request.endNanos() >= start && request.endNanos() - start <= window)) {
						// the rest of the pool, in the seconds a replacement is measured: the same
						// machine, load and rollout, with a warm JIT
						alongside.add(request.latencyNanos());
					}
				}
				print("    %-8s restart %d/%d: %d replacement(s) answered %,d requests in their first %d s", name, i,
						bench.options().restarts(), firstAnswer.size(), first.size() - before, FIRST_MILLIS / 1000);
			}
			return new FirstSeconds(name, steady.size(), percentile(steady, 0.99), first.size(),
					percentile(first, 0.99), percentile(first, 1.0), alongside.size(), percentile(alongside, 0.99),
					server.log().warmUps());
		}
	}

	/** A replacement's first seconds against the steady pool, for one configuration. */
	private record FirstSeconds(String name, int steadyCount, double steadyP99, int firstCount, double firstP99,
			double firstMax, int alongsideCount, double alongsideP99, List<String> warmups) {

		double ratio() {
			return this.firstP99 / this.steadyP99;
		}

	}

}
