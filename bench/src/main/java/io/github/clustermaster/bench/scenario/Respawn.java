package io.github.clustermaster.bench.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.clustermaster.bench.report.Report;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.millis;
import static io.github.clustermaster.bench.report.Stats.plural;

/**
 * Step 1b: kill -9 of one of two workers, idle: the time until two workers answer again,
 * with a hot spare (warmed up, then cold) and without.
 *
 * @author cluster-master
 */
public final class Respawn {

	private static final long IDLE_MILLIS = 1_000;

	private Respawn() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		int kills = bench.options().kills();
		print("");
		print("1b. kill -9 of one of 2 workers, no load, %s per master: time from the kill until 2 workers answer "
				+ "again (GET / on new connections, one after the other), with cluster.master.spares=1 (a spare is "
				+ "promoted; a new one boots behind it before the next kill; by default it warmed up with GET / before "
				+ "it said ready), the same with a cold spare (cluster.master.warmup.spares=false) and with spares=0 "
				+ "(a boot)", plural(kills, "kill"));
		List<Double> spare = samples(bench, true, true);
		List<Double> cold = samples(bench, true, false);
		List<Double> plain = samples(bench, false, false);
		double spareMillis = median(spare);
		double coldMillis = median(cold);
		double plainMillis = median(plain);
		print("  %-32s %,8.0f ms median of %d  %s", "spares=1 (promoted)", spareMillis, spare.size(), millis(spare));
		print("  %-32s %,8.0f ms median of %d  %s", "spares=1, cold (promoted)", coldMillis, cold.size(), millis(cold));
		print("  %-32s %,8.0f ms median of %d  %s", "spares=0 (booted)", plainMillis, plain.size(), millis(plain));
		Report report = bench.report();
		report.target("respawn_spare <= 100 ms", spareMillis <= 100,
				String.format(Locale.US, "%,.0f ms (a cold spare: %,.0f ms; without a spare: %,.0f ms)", spareMillis,
						coldMillis, plainMillis));
		report.put("respawn_spare_ms", Math.round(spareMillis));
		report.put("respawn_spare_cold_ms", Math.round(coldMillis));
		report.put("respawn_plain_ms", Math.round(plainMillis));
		report.put("respawn_samples", Math.min(spare.size(), plain.size()));
	}

	/**
	 * Kill one worker of a master of two, idle, and answer each time from the kill until
	 * two workers answer again. With a spare, each kill waits for a ready spare first, and
	 * the new worker that answers must be that spare.
	 */
	private static List<Double> samples(BenchRun bench, boolean spare, boolean warmup) throws Exception {
		String name = "respawn-" + (spare ? "spare" : "plain") + ((spare && !warmup) ? "-cold" : "");
		List<String> args = new ArrayList<>(List.of("--cluster.master.spares=" + (spare ? 1 : 0),
				"--cluster.master.min-restart-age=1s", "--cluster.master.fast-start=false", bench.cacheArg(name)));
		if (spare && !warmup) {
			// By default a spare serves GET / to itself before it is ready, so a promoted spare answers warm
			args.add("--cluster.master.warmup.spares=false");
		}
		List<Double> samples = new ArrayList<>();
		try (Server server = bench.start(Config.master(name, 2, List.of(), args), bench.jar(), name)) {
			server.awaitReady();
			Set<Long> seenSpares = new HashSet<>();
			for (int i = 0; i < bench.options().kills(); i++) {
				Long sparePid = spare ? awaitSpare(server, seenSpares) : null;
				Set<Long> pids = answering(server);
				long victim = pids.iterator().next();
				pids.remove(victim);
				Thread.sleep(IDLE_MILLIS);
				ProcessHandle process = ProcessHandle.of(victim)
					.orElseThrow(() -> new IllegalStateException("worker pid " + victim + " is gone before its kill"));
				long killed = System.nanoTime();
				process.destroyForcibly();
				server.until("have 2 workers answering after kill -9 of " + victim, Server.READY_TIMEOUT, 0, () -> {
					server.answer().filter((pid) -> pid != victim).ifPresent(pids::add);
					return pids.size() >= 2;
				});
				double took = (System.nanoTime() - killed) / 1e6;
				if (spare && !pids.contains(sparePid)) {
					throw new IllegalStateException("The pool was full again without the spare " + sparePid + ": " + pids);
				}
				samples.add(took);
			}
			return samples;
		}
	}

	/** Wait for a spare this run has not seen ready yet, and answer its pid. */
	private static long awaitSpare(Server server, Set<Long> seen) throws InterruptedException {
		return server.await("have a new ready hot spare", Server.READY_TIMEOUT, 100,
				() -> server.log().readySpares().stream().filter(seen::add).findFirst());
	}

	/** Send {@code GET /} on new connections until two distinct pids answered. */
	private static Set<Long> answering(Server server) throws InterruptedException {
		Set<Long> pids = new LinkedHashSet<>();
		server.until("have 2 workers answering", Server.READY_TIMEOUT, 10, () -> {
			server.answer().ifPresent(pids::add);
			return pids.size() >= 2;
		});
		return pids;
	}

}
