package io.github.clustermaster.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One real cluster, started from the sample's fat jar, shared by tests that each leave it
 * with two ready workers: signals, then the Actuator endpoint ({@link ActuatorEndpoint}),
 * whose last test quits it over HTTP. (SIGTERM ending a master and its workers is
 * {@link QuitDelayIT}'s.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

	static final Duration BOOT = Duration.ofSeconds(120);

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		// Rollouts here are not judged by their traffic (CanaryIT is about that): on a busy machine a
		// fresh JVM's latency can look like a slower release and abort them.
		cluster = clusters.start(SampleJar.master()
			.name("cluster-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.restart.canary.enabled=false"));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	@Test
	@Order(1)
	void twoWorkersServeOnePortAndTheMasterServesNone() {
		Set<Long> answering = Http.awaitDistinctPids(port, 2, BOOT);
		assertThat(answering).hasSize(2).doesNotContain(cluster.pid()).isEqualTo(cluster.workerPids());
	}

	@Test
	@Order(2)
	void theApplicationsBeansAreCreatedOnlyInWorkers() {
		Pattern created = Pattern.compile("SampleBean created in pid (\\d+)");
		List<Long> creators = cluster.output()
			.stream()
			.map(created::matcher)
			.filter(Matcher::find)
			.map((matcher) -> Long.parseLong(matcher.group(1)))
			.toList();
		assertThat(creators).containsExactlyInAnyOrderElementsOf(cluster.workerPids());
		String masterTag = " " + cluster.pid() + " --- ";
		assertThat(cluster.output()).filteredOn((line) -> line.contains(masterTag))
			.isNotEmpty()
			.noneMatch((line) -> line.contains("Tomcat initialized") || line.contains("Tomcat started")
					|| line.contains("SampleBean"));
	}

	@Test
	@Order(2)
	void theMastersStartupLinesSayItIsTheMasterAndItsPidFileNamesIt() throws IOException {
		String masterTag = " " + cluster.pid() + " --- ";
		List<String> master = cluster.output().stream().filter((line) -> line.contains(masterTag)).toList();
		assertThat(master).anyMatch((line) -> line.contains("Starting cluster master of SampleApplication v"))
			.anyMatch((line) -> line.matches(".*Started cluster master of SampleApplication in [0-9.]+ seconds "
					+ "\\(process running for [0-9.]+\\): 2 workers starting$"))
			.noneMatch((line) -> line.contains("Started SampleApplication") || line.contains("Starting SampleApplication"));
		// One banner and one "Started SampleApplication" per worker: none is the master's
		long workers = cluster.events().stream().filter((event) -> event.name().equals("worker-started")).count();
		assertThat(cluster.output()).filteredOn((line) -> line.contains(":: Spring Boot ::")).hasSize((int) workers);
		assertThat(cluster.output()).filteredOn((line) -> line.contains("Started SampleApplication in "))
			.hasSize((int) workers);
		// The sample's application.yml sets cluster.master.pid-file
		assertThat(Files.readString(cluster.workingDirectory().resolve("cluster-master.pid")))
			.isEqualTo(cluster.pid() + "\n");
	}

	@Test
	@Order(2)
	void theMasterLogsItsMemoryBudgetOnceAndTheWorkersRunWithTheHeapItChose() {
		String masterTag = " " + cluster.pid() + " --- ";
		List<String> budget = cluster.output()
			.stream()
			.filter((line) -> line.contains(masterTag) && line.contains("Memory budget: "))
			.toList();
		assertThat(budget).hasSize(1);
		Matcher matcher = Pattern
			.compile("Memory budget: [0-9.]+ [MG]iB seen \\((cgroup memory\\.max|cgroup memory\\.limit_in_bytes|"
					+ "physical memory)\\), 2 workers \\(up to [0-9]+ JVMs during a rolling restart, [0-9]+ with a "
					+ "training run\\) × .* fit: (workers get (-Xmx[0-9]+m)|workers keep the JVM's default heap)$")
			.matcher(budget.get(0));
		assertThat(matcher.find()).as(budget.get(0)).isTrue();
		String option = matcher.group(3);
		for (long pid : cluster.workerPids()) {
			List<String> arguments = List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
			if (option != null) {
				assertThat(arguments).as("worker " + pid).contains(option);
			}
			else {
				assertThat(arguments).as("worker " + pid).noneMatch((argument) -> argument.startsWith("-Xmx"));
			}
		}
	}

	@Test
	@Order(3)
	void aWorkerKilledWithSigkillIsReplaced() {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		Map<Long, Integer> slots = readySlots(ClusterView.await(port, BOOT, (view) -> readySlots(view).size() == 2));
		assertThat(slots.values()).as("the slots of %s", slots).containsExactlyInAnyOrder(0, 1);
		long victim = before.iterator().next();
		int from = cluster.eventCount();
		cluster.signal(victim, "KILL");
		ClusterEvent exited = cluster.awaitEvent("worker-exited", (event) -> event.isPid(victim), from, BOOT);
		assertThat(exited.text("kind")).isEqualTo("crashed");
		assertThat(exited.number("signal")).isEqualTo(9);
		assertThat(exited.text("reason")).contains("that the master did not send");
		await().atMost(BOOT).until(() -> {
			Set<Long> now = cluster.workerPids();
			return now.size() == 2 && !now.contains(victim);
		});
		Set<Long> answering = Http.awaitDistinctPids(port, 2, BOOT);
		assertThat(answering).doesNotContain(victim).isEqualTo(cluster.workerPids());
		// The replacement takes over the slot of the worker it replaces
		Map<Long, Integer> after = readySlots(ClusterView.await(port, BOOT,
				(view) -> readySlots(view).size() == 2 && !readySlots(view).containsKey(victim)));
		long replacement = after.keySet().stream().filter((pid) -> !before.contains(pid)).findFirst().orElseThrow();
		assertThat(after).as("the slots after worker pid %d was replaced", victim)
			.containsEntry(replacement, slots.get(victim))
			.hasSize(2);
	}

	/** The slots of the ready workers, by pid, as {@code GET /actuator/cluster} lists them. */
	private static Map<Long, Integer> readySlots(JsonNode view) {
		Map<Long, Integer> slots = new LinkedHashMap<>();
		view.path("workers").forEach((worker) -> {
			if (worker.path("state").asString().equals("READY")) {
				slots.put(worker.path("pid").asLong(), worker.path("slot").asInt(-1));
			}
		});
		return slots;
	}

	@Test
	@Order(4)
	void sighupReplacesEveryWorkerWithoutFailingARequest() {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		LoadSummary summary;
		try (LoadClient load = LoadClient.sequential(port)
			.start()) {
			int from = cluster.eventCount();
			cluster.signal("HUP");
			cluster.awaitEvent("rollout-done", (event) -> event.number("replaced") == 2, from, Duration.ofSeconds(180));
			await().atMost(BOOT).until(() -> {
				Set<Long> now = cluster.workerPids();
				return now.size() == 2 && now.stream().noneMatch(before::contains);
			});
			summary = load.stop();
		}
		System.out.println("SIGHUP rolling restart under a sequential client: " + summary.sent() + " requests, "
				+ summary.failed() + " failed, answered by " + summary.pidCounts());
		assertThat(summary.failures()).isEmpty();
		assertThat(summary.failed()).isZero();
		assertThat(summary.ok()).isGreaterThan(20);
		assertThat(Http.awaitDistinctPids(port, 2, BOOT)).doesNotContainAnyElementsOf(before);
	}

	@Test
	@Order(5)
	void sigttinAddsAWorkerAndSigttouRemovesOne() {
		cluster.awaitWorkers(2, BOOT);
		cluster.signal("TTIN");
		Set<Long> three = cluster.awaitWorkers(3, BOOT);
		assertThat(Http.awaitDistinctPids(port, 3, BOOT)).isEqualTo(three);
		cluster.signal("TTOU");
		Set<Long> two = cluster.awaitWorkers(2, BOOT);
		assertThat(three).containsAll(two);
	}

	/**
	 * The Actuator {@code cluster} endpoint and health contributor of the sample's workers,
	 * through the shared port; its last test quits the cluster over HTTP. Runs after the
	 * tests above (JUnit runs a class's nested classes after its own methods).
	 */
	@Nested
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	class ActuatorEndpoint {

		@Test
		@Order(1)
		void getAnswersTheMastersViewOfTheCluster() {
			JsonNode status = ClusterView.await(port, BOOT,
					(node) -> node.get("ready").asInt() == 2 && node.get("workers").size() == 2);
			assertThat(status.get("masterPid").asLong()).isEqualTo(cluster.pid());
			assertThat(status.get("size").asInt()).isEqualTo(2);
			// the SIGHUP of the tests above made generation 2
			assertThat(status.get("generation").asInt()).isEqualTo(2);
			assertThat(status.get("restarting").asBoolean()).isFalse();
			assertThat(status.get("danger").asBoolean()).isFalse();
			assertThat(status.get("workers")).hasSize(2);
			for (JsonNode worker : status.get("workers")) {
				assertThat(worker.propertyNames()).contains("id", "pid", "state", "age", "generation", "restarts");
				assertThat(worker.get("state").asString()).isEqualTo("READY");
				assertThat(worker.get("age").asString()).startsWith("PT");
			}
			assertThat(pids(status)).isEqualTo(cluster.workerPids());
		}

		@Test
		@Order(2)
		void oneScrapeThroughTheSharedPortShowsEveryWorkersMetersLabelledByWorker() throws Exception {
			Set<Long> pids = cluster.awaitWorkers(2, BOOT);
			for (int i = 0; i < 20; i++) {
				Http.get(port, "/");
			}
			JsonNode status = ClusterView.await(port, BOOT,
					(node) -> node.get("ready").asInt() == 2 && node.get("workers").size() == 2);
			int generation = status.get("generation").asInt();
			List<Integer> ids = status.get("workers")
				.valueStream()
				.map((worker) -> worker.get("id").asInt())
				.toList();
			// Each worker sends its scrape every 5 s; whichever worker answers has both.
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				for (int i = 0; i < 4; i++) {
					HttpResult scrape = Http.get(port, "/actuator/prometheus");
					if (scrape.status() != 200 || !ids.stream()
						.allMatch((id) -> scrape.body().matches("(?s).*\\nhttp_server_requests_seconds_count\\{[^}]*"
								+ "worker=\"" + id + "\"[^}]*} .*"))) {
						return false;
					}
				}
				return true;
			});
			// Prometheus asks for OpenMetrics first; the pool's scrape answers in text 0.0.4.
			HttpResponse<String> scrape = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
					.header("Accept", "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain;version=0.0.4"));
			List<String> lines = scrape.body().lines().toList();
			assertThat(lines).as("each family once").filteredOn((line) -> line.startsWith("# TYPE "))
				.doesNotHaveDuplicates();
			assertThat(lines).as("the pool's meters once, without a worker label")
				.filteredOn((line) -> line.startsWith("cluster_master_size"))
				.containsExactly("cluster_master_size 2.0");
			assertThat(lines).filteredOn((line) -> line.startsWith("jvm_memory_used_bytes{"))
				.allMatch((line) -> line.contains("generation=\"" + generation + "\"")
						&& line.matches(".*worker=\"\\d+\".*"));
			assertThat(pids).hasSize(2);
		}

		@Test
		@Order(3)
		void theHealthContributorIsUpWithTheNumbers() {
			HttpResult health = Http.get(port, "/actuator/health");
			assertThat(health.status()).as(health.describe()).isEqualTo(200);
			JsonNode component = json.readTree(health.body()).get("components").get("cluster");
			assertThat(component.get("status").asString()).isEqualTo("UP");
			assertThat(component.get("details").get("ready").asInt()).isEqualTo(2);
			assertThat(component.get("details").get("masterPid").asLong()).isEqualTo(cluster.pid());
		}

		@Test
		@Order(4)
		void everyBadInputIsRefusedNamingTheFieldAndLeavesTheClusterUnchanged() {
			JsonNode before = ClusterView.await(port, BOOT, (node) -> node.get("ready").asInt() == 2);
			assertRefused(400, "resize", "{}", "size is missing");
			assertRefused(400, "resize", "{\"size\": \"three\"}", "size must be a whole number from 0 to 1024, was \"three\"");
			assertRefused(400, "resize", "{\"size\": -1}", "size must be a whole number from 0 to 1024, was -1");
			assertRefused(400, "resize", "{\"size\": 100000}", "size must be a whole number from 0 to 1024, was 100000");
			assertRefused(400, "resize", "{\"size\": 2.5}", "size must be a whole number from 0 to 1024, was 2.5");
			assertRefused(400, "restart", "{\"env\": \"nonsense\"}", "env must be a JSON object of variables in a string");
			assertRefused(400, "restart", "{\"env\": \"{\\\"A\\\": {\\\"nested\\\": 1}}\"}",
					"env.A must be a string, a number or a boolean");
			HttpResult object = Http.post(port, "/actuator/cluster/restart", "{\"env\": {\"A\": \"1\"}}");
			assertThat(object.status()).as("Boot reads write operation bodies as flat maps: " + object.describe())
				.isEqualTo(400);
			assertRefused(400, "quit", "{\"hard\": \"yes\"}", "hard must be true or false, was \"yes\"");
			assertRefused(404, "explode", "{}", "Unknown operation 'explode'; expected resize, restart, upgrade or quit");
			JsonNode after = ClusterView.get(port);
			assertThat(after.get("size").asInt()).isEqualTo(2);
			assertThat(after.get("generation")).isEqualTo(before.get("generation"));
			assertThat(after.get("restarting").asBoolean()).isFalse();
			assertThat(after.get("quitting").asBoolean()).isFalse();
			assertThat(pids(after)).isEqualTo(pids(before)).isEqualTo(cluster.workerPids());
		}

		@Test
		@Order(5)
		void resizeFromTwoToThreeAndBackIsSeenInGet() {
			HttpResult up = Http.post(port, "/actuator/cluster/resize", "{\"size\": 3}");
			assertThat(up.status()).as(up.describe()).isEqualTo(202);
			assertThat(json.readTree(up.body()).get("message").asString())
				.isEqualTo("Resizing from 2 to 3 workers");
			// Fewer ready than size: the pool is degraded, yet every worker that answers serves
			HttpResult degraded = await().atMost(Duration.ofSeconds(5))
				.until(() -> Http.get(port, "/actuator/health"),
						(health) -> "DEGRADED".equals(
								json.readTree(health.body()).path("components").path("cluster").path("status").asString()));
			assertThat(degraded.status()).as(degraded.describe()).isEqualTo(200);
			JsonNode three = ClusterView.await(port, BOOT, (node) -> node.get("size").asInt() == 3 && node.get("ready").asInt() == 3
					&& node.get("workers").size() == 3);
			assertThat(pids(three)).isEqualTo(cluster.awaitWorkers(3, BOOT));
			HttpResult down = Http.post(port, "/actuator/cluster/resize", "{\"size\": 2}");
			assertThat(down.status()).as(down.describe()).isEqualTo(202);
			JsonNode two = ClusterView.await(port, BOOT, (node) -> node.get("size").asInt() == 2 && node.get("workers").size() == 2
					&& node.get("ready").asInt() == 2);
			assertThat(pids(three)).containsAll(pids(two));
			assertThat(cluster.awaitWorkers(2, BOOT)).isEqualTo(pids(two));
		}

		@Test
		@Order(6)
		void restartAnswers202AtOnceRefusesASecondOneWith409AndReplacesEveryWorker() {
			JsonNode before = ClusterView.await(port, BOOT, (node) -> node.get("ready").asInt() == 2 && node.get("workers").size() == 2);
			int generation = before.get("generation").asInt();
			HttpResult restart = Http.post(port, "/actuator/cluster/restart",
					"{\"env\": \"{\\\"SAMPLE_COLOR\\\": \\\"green\\\"}\"}");
			assertThat(restart.status()).as(restart.describe()).isEqualTo(202);
			JsonNode started = json.readTree(restart.body());
			assertThat(started.get("operation").asString()).isEqualTo("restart");
			assertThat(started.get("message").asString()).startsWith("Rolling restart to generation " + (generation + 1)
					+ " started: replacing 2 workers");
			assertThat(started.get("cluster").get("restarting").asBoolean()).isTrue();
			HttpResult second = Http.post(port, "/actuator/cluster/restart", "{}");
			assertThat(second.status()).as(second.describe()).isEqualTo(409);
			assertThat(json.readTree(second.body()).get("message").asString())
				.startsWith("A rolling restart is already running");
			JsonNode after = ClusterView.await(port, BOOT, (node) -> !node.get("restarting").asBoolean()
					&& node.get("generation").asInt() == generation + 1 && node.get("workers").size() == 2
					&& node.get("ready").asInt() == 2);
			assertThat(pids(after)).doesNotContainAnyElementsOf(pids(before));
			assertThat(Http.awaitDistinctPids(port, 2, BOOT)).isEqualTo(pids(after));
			assertThat(Http.get(port, "/env/SAMPLE_COLOR").body()).contains("SAMPLE_COLOR=green");
		}

		@Test
		@Order(7)
		void quitAnswers202AndEveryProcessEnds() {
			Set<Long> workers = cluster.awaitWorkers(2, BOOT);
			HttpResult quit = Http.post(port, "/actuator/cluster/quit", "{}");
			assertThat(quit.status()).as(quit.describe()).isEqualTo(202);
			assertThat(json.readTree(quit.body()).get("message").asString())
				.isEqualTo("Quitting: stopping 2 workers gracefully; the master exits with code 0 once they are gone");
			assertThat(cluster.awaitExit(Duration.ofSeconds(90))).isZero();
			assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
			assertThat(cluster.survivingDescendants()).isEmpty();
		}

		private void assertRefused(int status, String operation, String body, String message) {
			HttpResult result = Http.post(port, "/actuator/cluster/" + operation, body);
			assertThat(result.status()).as(operation + " " + body + ": " + result.describe()).isEqualTo(status);
			JsonNode answer = json.readTree(result.body());
			assertThat(answer.get("status").asInt()).isEqualTo(status);
			assertThat(answer.get("message").asString()).as(operation + " " + body).startsWith(message);
		}

		private Set<Long> pids(JsonNode status) {
			List<Long> pids = StreamSupport.stream(status.get("workers").spliterator(), false)
				.map((worker) -> worker.get("pid").asLong())
				.toList();
			return new TreeSet<>(pids);
		}

	}

}
