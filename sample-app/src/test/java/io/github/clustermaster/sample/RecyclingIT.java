package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each worker's heartbeat carries its stats, and a worker past
 * {@code cluster.master.recycle.max-requests} is replaced by a fresh one, one at a time,
 * under load, without a failed request. Prints a {@code fault-suite:} line.
 *
 * @author cluster-master
 */
class RecyclingIT {

	static final long MAX_REQUESTS = 400;

	static final int CLIENTS = 2;

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void workersPastMaxRequestsAreRecycledOneAtATimeUnderLoadWithoutAFailedRequest() {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("recycling-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
					"--cluster.master.min-restart-age=1s", "--cluster.master.recycle.max-requests=" + MAX_REQUESTS));
		Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
		int from = cluster.eventCount();
		LoadSummary summary;
		long took;
		JsonNode during;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).maxDuration(Duration.ofMinutes(4)).start()) {
			long started = System.nanoTime();
			// The stats move under load, each worker's share of the requests among them.
			during = ClusterView.await(port, ClusterIT.BOOT, (status) -> status.get("workers").size() >= 2 && requests(status, 0) > 50
					&& requests(status, 1) > 50);
			cluster.awaitEvent("worker-recycling", (event) -> event.isWorker(1) && event.text("reason")
				.matches("it served \\d+ requests \\(cluster.master.recycle.max-requests=" + MAX_REQUESTS + "\\)"), from,
					ClusterIT.BOOT);
			cluster.awaitEvent("worker-recycling", (event) -> event.isWorker(2), from, ClusterIT.BOOT);
			ClusterView.await(port, ClusterIT.BOOT, (status) -> status.get("counters").get("recycles").asInt() >= 2);
			took = (System.nanoTime() - started) / 1_000_000;
			summary = load.stop();
		}
		// A third recycle may have begun under the load: it ends as the others did.
		ClusterView.await(port, ClusterIT.BOOT, (status) -> status.get("ready").asInt() == 2 && status.get("workers").size() == 2);
		System.out.println("fault-suite: recycling under load (max-requests " + MAX_REQUESTS + ", " + CLIENTS
				+ " clients): 2 workers recycled one at a time in " + took + " ms, " + summary.failed() + " failed of "
				+ summary.sent());
		assertThat(summary.failed()).as(summary.failures().toString()).isZero();
		for (JsonNode worker : during.get("workers")) {
			JsonNode stats = worker.get("stats");
			assertThat(stats.get("requests").asLong()).isPositive();
			assertThat(stats.get("heapUsedBytes").asLong()).isPositive();
			assertThat(stats.get("rssBytes").asLong()).isGreaterThan(stats.get("heapUsedBytes").asLong() / 4);
			assertThat(stats.get("maxThreads").asInt()).as("Tomcat's default pool").isEqualTo(200);
			assertThat(worker.get("share").asDouble()).isBetween(0.0, 1.0);
			assertThat(worker.get("lastHeartbeat").asString()).isNotBlank();
		}
		// Never two together: the second is chosen only after the first has exited.
		List<ClusterEvent> events = cluster.events().subList(from, cluster.eventCount());
		List<Integer> chosen = IntStream.range(0, events.size())
			.filter((index) -> events.get(index).name().equals("worker-recycling"))
			.boxed()
			.toList();
		assertThat(chosen).hasSizeGreaterThanOrEqualTo(2);
		long first = events.get(chosen.get(0)).number("worker");
		assertThat(events.subList(chosen.get(0), chosen.get(1))).anyMatch((event) -> event.name().equals("worker-exited")
				&& event.isWorker(first) && event.text("kind").equals("expected") && event.number("code") == 0
				&& event.text("reason").startsWith("recycled: it served "));
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
	}

	private static long requests(JsonNode status, int index) {
		JsonNode stats = status.get("workers").get(index).get("stats");
		return (stats != null) ? stats.get("requests").asLong() : 0;
	}

}
