package io.github.clustermaster.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
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
 * What happens when the master dies, when the application cannot start at all (a crash
 * loop: respawns with backoff, then the master gives up), and when a worker crashes only
 * now and then (replaced each time). The crash tests print their figures on a line that
 * starts with {@code fault-suite:} (recorded in {@code docs/reliability.md}). The worker
 * that crashes now and then and the master killed with SIGKILL share one pool of two, in
 * that order (the crash counters start from a fresh master); the crash loop has a master
 * of its own. No class-data archive: these masters end before a training run would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterFailureIT {

	/** Crashes tolerated within the period by the crash-loop test: it spawns one more. */
	private static final int CRASH_LOOP_MAX_RESTARTS = 3;

	private static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	/** How much an event's time may lag behind the instant the supervisor acted on. */
	private static final Duration TIMESTAMP_SLACK = Duration.ofMillis(100);

	/** How often the worker that crashes now and then is killed: as many as the policy tolerates. */
	private static final int SOMETIMES_CRASHES = 3;

	private static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startPool() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("master-failure-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
					"--cluster.master.fast-start=false",
					"--cluster.master.restart-intensity.max-restarts=" + SOMETIMES_CRASHES,
					"--cluster.master.min-restart-age=" + MIN_RESTART_AGE.toSeconds() + "s"));
	}

	@Test
	@Order(2)
	void workersOfAMasterKilledWithSigkillAreGoneWithinTwoSeconds() {
		Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
		assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).hasSize(2);
		cluster.signal("KILL");
		// Orphans are reparented to init, which may reap them late: a zombie counts as gone.
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> cluster.survivingDescendants().isEmpty());
	}

	@Test
	void anApplicationThatCannotBootIsRespawnedABoundedNumberOfTimesWithBackoffThenTheMasterExitsWithOne() {
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("boot-failure-it")
			.args("--server.port=" + FreePort.find(), "--cluster.master.size=1",
					"--cluster.master.env.SAMPLE_FAIL_BOOT=true",
					"--cluster.master.restart-intensity.max-restarts=" + CRASH_LOOP_MAX_RESTARTS,
					"--cluster.master.restart-intensity.initial-backoff=" + INITIAL_BACKOFF.toMillis() + "ms",
					"--cluster.master.restart-intensity.max-backoff=" + MAX_BACKOFF.toMillis() + "ms"));
		assertThat(cluster.awaitExit(Duration.ofSeconds(180))).isEqualTo(1);
		List<Instant> spawns = times(cluster, "worker-started", (event) -> true);
		List<Instant> crashes = times(cluster, "worker-exited", (event) -> event.text("kind").equals("failed-boot")
				&& event.number("code") == 1);
		int attempts = CRASH_LOOP_MAX_RESTARTS + 1;
		assertThat(spawns).hasSize(attempts);
		assertThat(crashes).hasSize(attempts);
		// The backoff doubles from initial-backoff up to max-backoff: 1 s, 2 s, then 2 s again.
		List<Long> backoffs = new ArrayList<>();
		List<Long> crashToSpawn = new ArrayList<>();
		List<Long> spawnToSpawn = new ArrayList<>();
		for (int i = 1; i < attempts; i++) {
			long backoff = Math.min(INITIAL_BACKOFF.toMillis() << (i - 1), MAX_BACKOFF.toMillis());
			backoffs.add(backoff);
			crashToSpawn.add(Duration.between(crashes.get(i - 1), spawns.get(i)).toMillis());
			spawnToSpawn.add(Duration.between(spawns.get(i - 1), spawns.get(i)).toMillis());
		}
		System.out.println("fault-suite: crash loop (SAMPLE_FAIL_BOOT=true, size 1, max-restarts "
				+ CRASH_LOOP_MAX_RESTARTS + ", backoff " + INITIAL_BACKOFF.toMillis() + " ms doubling to "
				+ MAX_BACKOFF.toMillis() + " ms): " + attempts + " spawns, crash -> next spawn " + crashToSpawn
				+ " ms (backoff " + backoffs + " ms), spawn -> spawn " + spawnToSpawn + " ms, then gave up, exit 1");
		assertThat(cluster.events()).filteredOn((event) -> event.name().equals("crash-loop-danger"))
			.extracting((event) -> Math.round(event.number("respawnInMs") / 100.0) * 100)
			.containsExactlyElementsOf(backoffs);
		for (int i = 0; i < backoffs.size(); i++) {
			// A lower bound only: a loaded machine spawns late, never early. Events are
			// timed a little after the crash's instant, hence the slack.
			assertThat(crashToSpawn.get(i)).as("crash %d -> spawn %d", i + 1, i + 2)
				.isGreaterThanOrEqualTo(backoffs.get(i) - TIMESTAMP_SLACK.toMillis());
		}
		assertThat(cluster.output()).anyMatch((line) -> line.contains("SAMPLE_FAIL_BOOT=true: this application refuses to start"));
		ClusterEvent giveUp = cluster.awaitEvent("crash-loop-gave-up", Duration.ofSeconds(1));
		assertThat(giveUp.number("crashes")).isEqualTo(attempts);
		assertThat(giveUp.number("periodMs")).isEqualTo(60_000);
		assertThat(giveUp.number("maxRestarts")).isEqualTo(CRASH_LOOP_MAX_RESTARTS);
		assertThat(giveUp.text("last")).containsPattern("^Worker \\d+ \\(pid \\d+\\) died with exit code 1 after ");
		cluster.awaitEvent("pool-failed", (event) -> event.number("exitCode") == 1, Duration.ofSeconds(1));
		cluster.awaitEvent("pool-ended", (event) -> event.number("exitCode") == 1, Duration.ofSeconds(1));
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	@Order(1)
	void aWorkerThatCrashesNowAndThenIsReplacedEachTimeWithinTheRestartIntensity() {
		cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
		Map<Long, Long> startedAt = new HashMap<>();
		long begin = System.nanoTime();
		cluster.workerPids().forEach((pid) -> startedAt.put(pid, begin));
		List<Long> replacedAfter = new ArrayList<>();
		for (int crash = 1; crash <= SOMETIMES_CRASHES; crash++) {
			Set<Long> before = cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
			// The oldest worker, so that no crash is a young death: replaced at once, no backoff.
			long victim = before.stream().min(Comparator.comparing((Long pid) -> startedAt.getOrDefault(pid, Long.MAX_VALUE))).orElseThrow();
			await().atMost(MIN_RESTART_AGE.multipliedBy(2))
				.until(() -> System.nanoTime() - startedAt.get(victim) > MIN_RESTART_AGE.toNanos());
			long killed = System.nanoTime();
			cluster.signal(victim, "KILL");
			await().atMost(ClusterIT.BOOT).until(() -> {
				Set<Long> now = cluster.workerPids();
				return now.size() == 2 && !now.contains(victim);
			});
			Set<Long> after = cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
			replacedAfter.add((System.nanoTime() - killed) / 1_000_000);
			long now = System.nanoTime();
			after.stream().filter((pid) -> !before.contains(pid)).forEach((pid) -> startedAt.put(pid, now));
			assertThat(cluster.isAlive()).isTrue();
		}
		HttpResult answer = Http.get(port, "/actuator/cluster");
		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		JsonNode status = json.readTree(answer.body());
		System.out.println("fault-suite: a worker that crashes now and then (kill -9 of the oldest worker "
				+ SOMETIMES_CRASHES + " times, max-restarts " + SOMETIMES_CRASHES + " in 60 s): replaced each time, "
				+ "pool of 2 answering again after " + replacedAfter + " ms; master up, crashes "
				+ status.get("counters").get("crashes").asInt() + ", respawns "
				+ status.get("counters").get("respawns").asInt());
		assertThat(status.get("size").asInt()).isEqualTo(2);
		assertThat(status.get("failed").asBoolean()).isFalse();
		assertThat(status.get("counters").get("crashes").asInt()).isEqualTo(SOMETIMES_CRASHES);
		assertThat(status.get("counters").get("respawns").asInt()).isEqualTo(SOMETIMES_CRASHES);
		assertThat(cluster.events()).filteredOn((event) -> event.name().equals("worker-exited")
				&& event.number("signal") == 9 && event.text("reason").contains("that the master did not send"))
			.hasSize(SOMETIMES_CRASHES);
		assertThat(cluster.events()).extracting(ClusterEvent::name)
			.doesNotContain("crash-loop-danger", "crash-loop-gave-up");
		assertThat(cluster.isAlive()).isTrue();
	}

	private static List<Instant> times(ClusterProcess cluster, String name, Predicate<ClusterEvent> match) {
		return cluster.events()
			.stream()
			.filter((event) -> event.name().equals(name) && match.test(event))
			.map(ClusterEvent::time)
			.toList();
	}

}
