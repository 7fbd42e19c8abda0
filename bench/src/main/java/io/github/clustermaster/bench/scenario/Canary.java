package io.github.clustermaster.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import tools.jackson.databind.json.JsonMapper;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;

/**
 * Step 3d: canary analysis under load. Rolling restarts to a bad release (one that boots,
 * says ready, then answers 500 to every request) under constant load: the share of the
 * requests that ended during each rollout (from the restart's request to its 409) that
 * failed, and the master's verdict.
 *
 * @author cluster-master
 */
public final class Canary {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Canary() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		print("");
		print("3d. canary analysis: a master of %d workers under constant load (%d clients, a new connection per "
				+ "request, %d ms pause), %s to a release answering 500 to every request "
				+ "(POST /actuator/cluster/restart?wait=true&env=SAMPLE_FAIL_WITH=500, max-surge 1); the share of the "
				+ "requests that ended between the restart's request and its answer that failed", Throughput.SIZE,
				Load.THREADS, Load.PAUSE_MILLIS, plural(bench.options().restarts(), "rolling restart"));
		Config config = Config.master("canary", Throughput.SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=1", bench.cacheArg("canary"),
						"--cluster.master.boot-timeout=" + Server.READY_TIMEOUT.toSeconds() + "s"));
		List<Double> shares = new ArrayList<>();
		long failedAll = 0;
		long endedAll = 0;
		try (Server server = bench.start(config, bench.jar(), "canary")) {
			server.awaitReady();
			for (int i = 1; i <= bench.options().restarts(); i++) {
				long from;
				long to;
				HttpResult answer;
				List<LoadClient.Request> requests;
				try (Load load = Load.start(server.port)) {
					Thread.sleep(3_000);
					from = System.nanoTime();
					answer = Http.post(server.port, "/actuator/cluster/restart?wait=true&env=SAMPLE_FAIL_WITH=500", null,
							Server.RESTART_TIMEOUT);
					to = System.nanoTime();
					requests = load.stop();
				}
				if (answer.status() != 409) {
					throw new IllegalStateException("the restart to a release answering 500 answered "
							+ answer.describe() + ", not 409");
				}
				List<LoadClient.Request> ended = requests.stream()
					.filter((request) -> request.endNanos() >= from && request.endNanos() <= to)
					.toList();
				long failed = ended.stream().filter((request) -> !request.isOk()).count();
				double share = ended.isEmpty() ? Double.NaN : 100.0 * failed / ended.size();
				shares.add(share);
				failedAll += failed;
				endedAll += ended.size();
				print("    restart %d/%d: %,d of %,d requests failed (%.2f%%; %s) in %.1f s; %d %s", i,
						bench.options().restarts(), failed, ended.size(), share, Load.kinds(requests),
						(to - from) / 1e9, answer.status(), JSON.readTree(answer.body()).path("message").asString());
			}
		}
		double median = median(shares);
		Report report = bench.report();
		report.target("canary_failed_share <= 1% (the bad release's failed requests among all the requests that ended "
				+ "during its rollout, median)", median <= 1.0, String.format(Locale.US, "%.2f%% (%,d of %,d over %s)",
						median, failedAll, endedAll, plural(shares.size(), "rollout")));
		report.put("canary_failed_share_pct", round(median, 2));
		report.put("canary_failed", failedAll);
		report.put("canary_requests", endedAll);
	}

}
