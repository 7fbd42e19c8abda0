package io.github.clustermaster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.ReplClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's job ticking every second ({@link SampleTicks}) runs in one worker of the
 * pool at a time: through a steady window, across a {@code kill -9} of the worker that
 * runs it (another takes over within the lease time), and through a rolling restart with
 * a surge of 2, never in two workers at once; with {@code every-worker}, in each worker.
 * Prints a {@code fault-suite:} line.
 *
 * @author cluster-master
 */
class ScheduledWorkIT {

	/** The lease time of the {@code scheduling} lease: the longest a lost holder keeps it. */
	static final Duration LEASE = Duration.ofSeconds(10);

	/**
	 * Boots and rollouts may take this long: longer than other tests allow, as what this one
	 * shows (one holder at a time) holds however slow the host.
	 */
	static final Duration BOOT = Duration.ofMinutes(10);

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@TempDir
	Path directory;

	@Test
	void theJobRunsInOneWorkerAtATimeThroughAKillAndARollingRestartWithASurge() {
		Path ticks = this.directory.resolve("ticks");
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("scheduled-work-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.restart.max-surge=2", "--cluster.master.boot-timeout=" + BOOT.toSeconds() + "s",
					"--sample.ticks-file=" + ticks, "--cluster.master.restart.canary.enabled=false"));
		cluster.awaitEvent("scheduled-work",
				(event) -> event.flag("oncePerPool") && event.text("scheduling").equals("single"), BOOT);
		Http.awaitDistinctPids(port, 2, BOOT);

		// A steady window: one worker ticks, about once a second.
		await().atMost(BOOT).until(() -> read(ticks).size() >= 2);
		long steadyFrom = System.currentTimeMillis();
		await().atMost(Duration.ofSeconds(60)).until(() -> after(read(ticks), steadyFrom).size() >= 6);
		List<Tick> steady = after(read(ticks), steadyFrom);
		long holder = steady.get(0).pid();
		assertThat(steady).extracting(Tick::pid).containsOnly(holder);
		JsonNode status = ClusterView.await(port, BOOT, (view) -> view.path("leases").size() == 1);
		JsonNode lease = status.get("leases").get(0);
		assertThat(lease.get("name").asString()).isEqualTo("scheduling");
		assertThat(lease.get("pid").asLong()).isEqualTo(holder);
		try (ReplClient repl = ReplClient.connect(cluster.workingDirectory().resolve("cluster-master-socket"))) {
			assertThat(repl.run("leases")).matches("scheduling: worker " + lease.get("worker").asInt() + " \\(pid "
					+ holder + "\\) until \\S+");
		}

		// kill -9 of the holder: another worker takes over within the lease time.
		long killedAt = System.currentTimeMillis();
		cluster.signal(holder, "KILL");
		await().atMost(LEASE.plusSeconds(5))
			.until(() -> after(read(ticks), killedAt).stream().anyMatch((tick) -> tick.pid() != holder));
		Tick first = after(read(ticks), killedAt).stream().filter((tick) -> tick.pid() != holder).findFirst().orElseThrow();
		long takeover = first.millis() - killedAt;
		assertThat(takeover).isLessThan(LEASE.toMillis());

		// A rolling restart with a surge of 2: up to four workers of two generations.
		int generation = ClusterView.get(port).get("generation").asInt();
		Http.awaitDistinctPids(port, 2, BOOT);
		long restartAt = System.currentTimeMillis();
		cluster.signal("HUP");
		ClusterView.await(port, BOOT,
				(view) -> view.get("generation").asInt() > generation && !view.get("restarting").asBoolean()
						&& view.get("ready").asInt() == 2 && view.get("workers").size() == 2);
		long restartedAt = System.currentTimeMillis();
		await().atMost(Duration.ofSeconds(60)).until(() -> after(read(ticks), restartedAt).size() >= 3);

		List<Tick> all = read(ticks);
		List<Long> runs = runs(all);
		System.out.println("fault-suite: scheduled work once per pool: " + all.size() + " ticks by " + runs.size()
				+ " holders in turn " + runs + ", takeover after kill -9 in " + takeover + " ms, rolling restart "
				+ (restartedAt - restartAt) + " ms");
		assertThat(runs).as("each worker held the job once, never interleaved with another: %s", all)
			.doesNotHaveDuplicates();
		assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
		Set<Long> live = cluster.workerPids();
		assertThat(live).contains(runs.get(runs.size() - 1));
		assertThat(after(all, restartAt)).as("the job ran through the restart").isNotEmpty();
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(BOOT)).isZero();
	}

	@Test
	void withEveryWorkerSchedulingEachWorkerRunsTheJob() {
		Path ticks = this.directory.resolve("ticks-every");
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("scheduled-every-worker-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
					"--cluster.master.scheduling=every-worker", "--cluster.master.boot-timeout=" + BOOT.toSeconds() + "s",
					"--sample.ticks-file=" + ticks));
		cluster.awaitEvent("scheduled-work",
				(event) -> !event.flag("oncePerPool") && event.text("scheduling").equals("every-worker"), BOOT);
		Set<Long> pids = Http.awaitDistinctPids(port, 2, BOOT);
		await().atMost(BOOT).until(() -> {
			Map<Long, Long> byPid = read(ticks).stream().collect(Collectors.groupingBy(Tick::pid, Collectors.counting()));
			return pids.stream().allMatch((pid) -> byPid.getOrDefault(pid, 0L) >= 3);
		});
		assertThat(ClusterView.get(port).path("leases").size()).isZero();
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(BOOT)).isZero();
	}

	/** The holders in turn: each pid once per run of consecutive ticks. */
	private static List<Long> runs(List<Tick> ticks) {
		List<Long> runs = new ArrayList<>();
		for (Tick tick : ticks) {
			if (runs.isEmpty() || runs.get(runs.size() - 1) != tick.pid()) {
				runs.add(tick.pid());
			}
		}
		return runs;
	}

	private static List<Tick> after(List<Tick> ticks, long millis) {
		return ticks.stream().filter((tick) -> tick.millis() >= millis).toList();
	}

	/** The workers' ticks, in time order. */
	private static List<Tick> read(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			return Files.readAllLines(file)
				.stream()
				.map((line) -> line.split(" "))
				.filter((fields) -> fields.length == 3 && !fields[2].equals("standalone"))
				.map((fields) -> new Tick(Long.parseLong(fields[0]), Long.parseLong(fields[1])))
				.sorted(java.util.Comparator.comparingLong(Tick::millis))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	record Tick(long millis, long pid) {

	}

}
