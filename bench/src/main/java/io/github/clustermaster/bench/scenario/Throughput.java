package io.github.clustermaster.bench.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.github.clustermaster.bench.measure.Wrk;
import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.last;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;
import static io.github.clustermaster.bench.report.Stats.sum;

/**
 * Step 2: throughput measured by {@code wrk}, one plain JVM against a master of two
 * workers, keep-alive and a new connection per request, fresh JVMs each round; and how
 * evenly the workers shared the requests.
 *
 * @author cluster-master
 */
public final class Throughput {

	/** The workers of the throughput and session steps. */
	static final int SIZE = 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Throughput() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		Options options = bench.options();
		Report report = bench.report();
		print("");
		print("2. throughput by wrk (%d threads, %s, on 127.0.0.1), %s on fresh JVMs, each window %d s after %d s "
				+ "of the same load unmeasured (the JIT's warm-up)", Wrk.threads(options.connections()),
				plural(options.connections(), "connection"), plural(options.rounds(), "round"), options.window(),
				options.warmup());
		Config baseline = Config.plain("baseline (1 JVM)", List.of());
		Config cluster = Config.master("cluster (" + SIZE + " workers)", SIZE, List.of(),
				List.of("--cluster.master.fast-start=false", bench.cacheArg("throughput")));
		List<Double> fatJar = new ArrayList<>();
		List<Double> keptShares = new ArrayList<>();
		List<Double> renewedShares = new ArrayList<>();
		Map<Config, List<Wrk>> kept = new HashMap<>(Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		Map<Config, List<Wrk>> renewed = new HashMap<>(Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		for (int round = 1; round <= options.rounds(); round++) {
			for (Config config : (round % 2 == 1) ? List.of(baseline, cluster) : List.of(cluster, baseline)) {
				String name = ((config == baseline) ? "baseline" : "cluster") + "-round-" + round;
				boolean clustered = config == cluster;
				try (Server server = bench.start(config, bench.jar(), name)) {
					server.awaitReady();
					if (!clustered) {
						fatJar.addAll(server.log().plainStartSeconds());
					}
					wrk(bench, server, true, options.warmup(), name + "-keepalive-warmup");
					Map<Integer, Long> before = clustered ? requestsByWorker(server.port) : Map.of();
					kept.get(config).add(wrk(bench, server, true, options.window(), name + "-keepalive"));
					if (clustered) {
						keptShares.add(unevenness(before, requestsByWorker(server.port)));
					}
					wrk(bench, server, false, Math.max(2, options.warmup() / 5), name + "-close-warmup");
					before = clustered ? requestsByWorker(server.port) : Map.of();
					renewed.get(config).add(wrk(bench, server, false, options.window(), name + "-close"));
					if (clustered) {
						renewedShares.add(unevenness(before, requestsByWorker(server.port)));
					}
				}
				print("  round %d/%d  %-20s keep-alive %s | new connection %s", round, options.rounds(), config.label(),
						last(kept.get(config)), last(renewed.get(config)));
			}
		}
		double fatJarMillis = median(fatJar) * 1000;
		Long fastMillis = report.whole("spawn_fast_ms");
		print("  the plain JVM's own start (java -jar of the fat jar, no load, Boot's 'process running for'): "
				+ "%,.0f ms median of %d%s", fatJarMillis, fatJar.size(), (fastMillis != null) ? String
					.format(Locale.US, "; a fast worker's spawn -> ready is %.2f of it", fastMillis / fatJarMillis) : "");
		report.put("start_fatjar_ms", Math.round(fatJarMillis));
		if (fastMillis != null) {
			report.put("spawn_fast_to_fatjar_ratio", round(fastMillis / fatJarMillis, 2));
		}
		printThroughput(report, "keep-alive", "keepalive", kept, baseline, cluster);
		printThroughput(report, "new connection per request (Connection: close)", "new_connection", renewed, baseline,
				cluster);
		double keptShare = median(keptShares);
		double renewedShare = median(renewedShares);
		print("  distribution over the %d workers (the requests each served in a window, from their heartbeats' "
				+ "counts in GET /actuator/cluster; the servers' default acceptors): busiest / least busy worker "
				+ "%.2f keep-alive, %.2f new connection per request (medians; 1.00 is even)", SIZE, keptShare,
				renewedShare);
		report.put("share_max_min_keepalive", round(keptShare, 2));
		report.put("share_max_min_new_connection", round(renewedShare, 2));
	}

	private static Wrk wrk(BenchRun bench, Server server, boolean keepAlive, int seconds, String name) {
		return Wrk.run(server.port, bench.options().connections(), keepAlive, seconds, bench.log("wrk-" + name));
	}

	/**
	 * The requests each worker has served, by worker id, as the master last heard from
	 * their heartbeats (at most about a second old: wait for the next heartbeat first).
	 */
	static Map<Integer, Long> requestsByWorker(int port) throws InterruptedException {
		Thread.sleep(2_100);
		HttpResult status = Http.get(port, "/actuator/cluster");
		if (!status.isOk()) {
			throw new IllegalStateException("GET /actuator/cluster answered " + status.describe());
		}
		return requestsByWorker(status.body());
	}

	/** The requests each worker has served, by worker id, in a body of {@code GET /actuator/cluster}. */
	static Map<Integer, Long> requestsByWorker(String cluster) {
		Map<Integer, Long> requests = new TreeMap<>();
		for (JsonNode worker : JSON.readTree(cluster).path("workers")) {
			JsonNode served = worker.path("stats").path("requests");
			if (served.isNumber()) {
				requests.put(worker.path("id").asInt(), served.asLong());
			}
		}
		return requests;
	}

	/**
	 * How unevenly the workers shared the requests between two readings: the busiest
	 * worker's requests over the least busy one's (NaN when one served none, or the
	 * workers changed).
	 */
	static double unevenness(Map<Integer, Long> before, Map<Integer, Long> after) {
		if (before.isEmpty() || !before.keySet().equals(after.keySet())) {
			return Double.NaN;
		}
		List<Long> served = before.keySet().stream().map((id) -> after.get(id) - before.get(id)).toList();
		long least = served.stream().mapToLong(Long::longValue).min().orElse(0);
		long most = served.stream().mapToLong(Long::longValue).max().orElse(0);
		return (least > 0) ? (double) most / least : Double.NaN;
	}

	private static void printThroughput(Report report, String title, String key, Map<Config, List<Wrk>> runs,
			Config baseline, Config cluster) {
		double base = median(runs.get(baseline), Wrk::perSecond);
		double clustered = median(runs.get(cluster), Wrk::perSecond);
		print("  %s (medians)", title);
		for (Config config : List.of(baseline, cluster)) {
			List<Wrk> list = runs.get(config);
			print("    %-20s %,7.0f req/s   p50 %5.2f ms  p99 %6.2f ms   errors %,d%s", config.label(),
					median(list, Wrk::perSecond), median(list, Wrk::p50), median(list, Wrk::p99), sum(list, Wrk::errors),
					(config == cluster) ? String.format(Locale.US, "   ratio %.2f", clustered / base) : "");
		}
		report.put("rps_" + key + "_baseline", Math.round(base));
		report.put("rps_" + key + "_cluster", Math.round(clustered));
		report.put("rps_" + key + "_ratio", round(clustered / base, 2));
	}

}
