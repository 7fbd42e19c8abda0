package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One real cluster, started from the sample's fat jar, shared by tests that each leave it
 * with two ready workers; the last one ends it with SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

	static final Duration BOOT = Duration.ofSeconds(120);

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("cluster-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s"));
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
		long workers = cluster.output().stream().filter((line) -> line.contains("Started Worker")).count();
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
		int from = cluster.outputLineCount();
		cluster.signal(victim, "KILL");
		cluster.awaitOutput(Pattern.compile("\\(pid " + victim + "\\) was killed by signal 9 \\(SIGKILL\\) that the master did not send"), from, BOOT);
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
			int from = cluster.outputLineCount();
			cluster.signal("HUP");
			cluster.awaitOutput(Pattern.compile("Rolling restart to generation \\d+ done: 2 workers replaced"), from,
					Duration.ofSeconds(180));
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

	@Test
	@Order(6)
	void sigtermStopsEveryWorkerAndTheMasterExitsWithZero() {
		Set<Long> workers = cluster.awaitWorkers(2, BOOT);
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(Duration.ofSeconds(60))).isZero();
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(cluster.survivingDescendants()).isEmpty();
		assertThat(cluster.workingDirectory().resolve("cluster-master.pid")).doesNotExist();
	}

}
