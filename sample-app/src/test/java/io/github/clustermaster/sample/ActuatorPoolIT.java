package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.Http10;
import io.github.clustermaster.sample.support.Http10.Response;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Actuator of a pool of three workers, through the shared port, on one real cluster
 * shared by the tests: every Actuator answer names its worker, a logger level set once is
 * every worker's (and a replacement's), and {@code /actuator/cluster/workers/{id}/…}
 * reaches the worker it names.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorPoolIT {

	/** Generous: three JVMs booting on a loaded machine take minutes. */
	private static final Duration BOOT = Duration.ofMinutes(5);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String LOGGER = "io.github.clustermaster.sample";

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("actuator-pool-it")
			.args("--server.port=" + port, "--cluster.master.size=3", "--cluster.master.boot-timeout=5m"));
		Http.awaitDistinctPids(port, 3, BOOT);
		ClusterView.await(port, BOOT, (status) -> status.get("ready").asInt() == 3);
	}

	@Test
	@Order(1)
	void everyActuatorAnswerNamesItsWorkerAndTheApplicationsDoNot() {
		Set<Integer> ids = readyIds();
		Set<Integer> seen = new TreeSet<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			Response health = Http10.get(port, "/actuator/health");
			assertThat(health.status()).as(health.toString()).isEqualTo(200);
			assertThat(ids).contains(health.worker());
			seen.add(health.worker());
			return seen.equals(ids);
		});
		Response missing = Http10.get(port, "/actuator/nothing-here");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(ids).contains(missing.worker());
		Response application = Http10.get(port, "/");
		assertThat(application.status()).isEqualTo(200);
		assertThat(application.header("Cluster-Worker")).isNull();
	}

	@Test
	@Order(2)
	void aLoggerLevelPostedOnceIsEveryWorkersAndAReplacementsUntilItIsReset() {
		Response set = Http10.send(port, "POST", "/actuator/loggers/" + LOGGER, "{\"configuredLevel\":\"TRACE\"}", null);
		assertThat(set.status()).as(set.toString()).isEqualTo(204);
		assertThat(set.header("Cluster-Applied")).isEqualTo("3");
		assertThat(levelsThroughTheSharedPort(readyIds())).as("every worker, as it answers the shared port")
			.allSatisfy((id, level) -> assertThat(level).isEqualTo("TRACE"));

		JsonNode status = ClusterView.get(port);
		JsonNode victim = status.get("workers").get(0);
		cluster.signal(victim.get("pid").asLong(), "KILL");
		JsonNode replaced = ClusterView.await(port, BOOT, (now) -> now.get("ready").asInt() == 3
				&& now.get("workers").valueStream().noneMatch((w) -> w.get("id").asInt() == victim.get("id").asInt()));
		Set<Integer> ids = ids(replaced);
		assertThat(levelsThroughTheSharedPort(ids)).as("the replacement too, which started after the POST")
			.allSatisfy((id, level) -> assertThat(level).isEqualTo("TRACE"));

		Response reset = Http10.send(port, "POST", "/actuator/loggers/" + LOGGER, "{}", null);
		assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
		assertThat(reset.header("Cluster-Applied")).isEqualTo("3");
		for (int id : ids) {
			Response relayed = Http10.get(port, "/actuator/cluster/workers/" + id + "/loggers/" + LOGGER);
			assertThat(relayed.status()).as(relayed.toString()).isEqualTo(200);
			JsonNode level = json.readTree(relayed.body()).path("configuredLevel");
			assertThat(level.isNull() || level.isMissingNode()).as(relayed.body()).isTrue();
		}
	}

	@Test
	@Order(3)
	void eachWorkerAnswersItsOwnMetricThroughTheRelayAndTheSameOneTwice() {
		Set<Integer> ids = readyIds();
		Map<Integer, Double> starts = new TreeMap<>();
		for (int id : ids) {
			Response first = Http10.get(port, "/actuator/cluster/workers/" + id + "/metrics/process.start.time");
			assertThat(first.status()).as(first.toString()).isEqualTo(200);
			assertThat(first.worker()).isEqualTo(id);
			assertThat(first.header("Content-Type")).contains("json");
			Response second = Http10.get(port, "/actuator/cluster/workers/" + id + "/metrics/process.start.time");
			assertThat(value(second)).isEqualTo(value(first));
			starts.put(id, value(first));
		}
		assertThat(Set.copyOf(starts.values())).as("one start time per worker: %s", starts).hasSize(ids.size());
	}

	@Test
	@Order(4)
	void theThreadDumpOfWorkerKIsWorkerKs() {
		for (int id : readyIds()) {
			Response dump = Http10.get(port, "/actuator/cluster/workers/" + id + "/threaddump");
			assertThat(dump.status()).as(dump.toString()).isEqualTo(200);
			Set<String> names = new TreeSet<>();
			json.readTree(dump.body()).get("threads").forEach((thread) -> names.add(thread.get("threadName").asString()));
			assertThat(names).contains("cluster-master-worker-" + id + "-actuator")
				.noneMatch((name) -> name.matches("cluster-master-worker-(?!" + id + "-)\\d+-actuator"));
		}
	}

	@Test
	@Order(5)
	void anUnknownWorkerIsNotFoundWithTheIdsThatExist() {
		Set<Integer> ids = readyIds();
		Response unknown = Http10.get(port, "/actuator/cluster/workers/999/health");
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.body()).contains("There is no worker 999; the workers are " + ids.stream().toList());
		Response notAnId = Http10.get(port, "/actuator/cluster/workers/three/health");
		assertThat(notAnId.status()).isEqualTo(400);
		Response notExposed = Http10.get(port, "/actuator/cluster/workers/" + ids.iterator().next() + "/beans");
		assertThat(notExposed.status()).as(notExposed.toString()).isEqualTo(404);
		assertThat(notExposed.body()).contains("exposes no endpoint 'beans'");
	}

	private static Map<Integer, String> levelsThroughTheSharedPort(Set<Integer> ids) {
		Map<Integer, String> levels = new TreeMap<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			Response read = Http10.get(port, "/actuator/loggers/" + LOGGER);
			assertThat(read.status()).as(read.toString()).isEqualTo(200);
			levels.put(read.worker(), json.readTree(read.body()).path("configuredLevel").asString(null));
			return levels.keySet().containsAll(ids);
		});
		return levels;
	}

	private static double value(Response metric) {
		return json.readTree(metric.body()).get("measurements").get(0).get("value").asDouble();
	}

	private static Set<Integer> readyIds() {
		return ids(ClusterView.await(port, BOOT, (status) -> status.get("ready").asInt() == 3));
	}

	private static Set<Integer> ids(JsonNode status) {
		Set<Integer> ids = new TreeSet<>();
		status.get("workers").forEach((worker) -> ids.add(worker.get("id").asInt()));
		return ids;
	}

}
