package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.clustermaster.sample.support.NotifySocket;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import io.github.clustermaster.testsupport.ReplClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A master upgrade on real JVMs, with one cluster of two workers started from a deploy
 * path, with a pid file, a REPL socket and a datagram socket standing in for systemd's
 * {@code NOTIFY_SOCKET} (with a watchdog): first {@code SIGUSR2} with a broken jar at the
 * deploy path, and with a release whose workers cannot boot (each time the old master serves
 * on, unchanged), then, with the jar back, under load
 * (a new master with new workers takes over and the old one exits 0, and no request
 * fails), then {@code POST /actuator/cluster/upgrade} to the new master (a third one takes
 * over; the REPL and the endpoint refuse a second upgrade meanwhile). The new master outlives the old one and is not its child any more; the extension
 * still finds it (it carries the test's mark) and so do the test's own last steps, by pid.
 *
 * @author cluster-master
 */
@EnabledOnOs(OS.LINUX)
class MasterUpgradeIT {

	private static final Duration WATCHDOG = Duration.ofSeconds(2);

	private static final Pattern STARTED = Pattern.compile("Upgrade: new master pid (\\d+) started from ([^,;\\s]+)");

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@TempDir
	Path root;

	@Test
	void sigusr2HandsTheSocketToANewMasterThatTakesOverOnlyOnceItIsReady() throws Exception {
		Path jar = Files.copy(SampleJar.locate(), this.root.resolve("app.jar"));
		Path pidFile = this.root.resolve("master.pid");
		Path repl = this.root.resolve("repl.sock");
		int port = FreePort.find();
		try (NotifySocket notify = new NotifySocket(this.root.resolve("notify"))) {
			ClusterProcess cluster = this.clusters.start(ClusterProcess.jar(jar)
				.jvmArgs(SampleJar.jvmOptions())
				.name("upgrade-it")
				.env("NOTIFY_SOCKET", this.root.resolve("notify").toString())
				.env("WATCHDOG_USEC", Long.toString(WATCHDOG.toNanos() / 1000))
				.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
						"--cluster.master.fast-start=false", "--cluster.master.repl=" + repl,
						"--cluster.master.pid-file=" + pidFile));
			long oldMaster = cluster.pid();
			Set<Long> oldWorkers = Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
			await().atMost(Duration.ofSeconds(10)).until(() -> !notify.with("READY=1").isEmpty());
			assertThat(pid(pidFile)).isEqualTo(oldMaster);

			// A broken jar at the deploy path: the new master fails, the old one serves on, unchanged
			Files.writeString(jar, "not a jar");
			int from = cluster.eventCount();
			cluster.signal("USR2");
			ClusterEvent failed = cluster.awaitEvent("upgrade-failed",
					(event) -> event.text("reason").equals("exited with code 1 before it was ready"), from, ClusterIT.BOOT);
			System.out.println("Upgrade with a broken jar: " + failed);
			assertThat(cluster.isAlive()).isTrue();
			assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).isEqualTo(oldWorkers);
			assertThat(Http.awaitDistinctPids(port, 2, ClusterIT.BOOT)).isEqualTo(oldWorkers);
			assertThat(pid(pidFile)).isEqualTo(oldMaster);
			try (ReplClient session = ReplClient.connect(repl)) {
				assertThat(session.masterPid()).isEqualTo(oldMaster);
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> notify.messages()
					.stream()
					.anyMatch((message) -> message.startsWith("READY=1\nSTATUS=Upgrade failed")));
			assertThat(notify.with("RELOADING=1")).hasSize(1);
			assertThat(notify.messages()).noneMatch((message) -> message.contains("MAINPID="));

			// A release whose workers cannot boot: the new master gives up on them and exits 1
			Path bad = SampleJar.release(this.root.resolve(".app.jar.new"),
					Map.of("SAMPLE_FAIL_BOOT", "true", "cluster.master.restart-intensity.max-restarts", "0"));
			Files.move(bad, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			from = cluster.eventCount();
			cluster.signal("USR2");
			ClusterEvent gaveUp = cluster.awaitEvent("upgrade-failed",
					(event) -> event.text("reason").equals("exited with code 1 before it was ready"), from, ClusterIT.BOOT);
			System.out.println("Upgrade to a release whose workers cannot boot: " + gaveUp);
			assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).isEqualTo(oldWorkers);
			assertThat(Http.awaitDistinctPids(port, 2, ClusterIT.BOOT)).isEqualTo(oldWorkers);
			assertThat(pid(pidFile)).isEqualTo(oldMaster);
			assertThat(notify.messages()).noneMatch((message) -> message.contains("MAINPID="));

			// The jar back: under load, a new master takes over with new workers
			Files.copy(SampleJar.locate(), jar, StandardCopyOption.REPLACE_EXISTING);
			ReplClient oldSession = ReplClient.connect(repl);
			LoadSummary summary;
			long newMaster;
			long tookNanos;
			try (LoadClient load = LoadClient.builder(port)
				.threads(2)
				.keepAlive(1)
				.pause(Duration.ofMillis(10))
				.maxRequests(50_000)
				.maxDuration(Duration.ofSeconds(300))
				.start()) {
				from = cluster.eventCount();
				long start = System.nanoTime();
				cluster.signal("USR2");
				ClusterEvent started = cluster.awaitEvent("upgrade-started", (event) -> true, from,
						Duration.ofSeconds(10));
				newMaster = started.number("pid");
				assertThat(started.text("from")).isEqualTo(jar.toString());
				cluster.awaitEvent("upgrade-ready",
						(event) -> event.number("pid") == newMaster && event.number("workers") == 2, from, ClusterIT.BOOT);
				// A SIGTERM now is refused: a second quit would cut the old workers' drain short
				cluster.signal("TERM");
				cluster.awaitEvent("signal-refused", (event) -> event.text("signal").equals("TERM") && event.text("reason")
					.startsWith("Quit refused: this master has handed over to master pid " + newMaster), from,
						Duration.ofSeconds(10));
				assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
				tookNanos = System.nanoTime() - start;
				// the new workers alone serve for a while: 200 more requests answered after the old master's exit
				long answeredBefore = load.snapshot().ok();
				await().atMost(ClusterIT.BOOT).until(() -> load.snapshot().ok() >= answeredBefore + 200);
				summary = load.stop();
			}
			System.out.println("Master upgrade under load: " + summary.figures() + ", answered by "
					+ summary.pidCounts() + "; SIGUSR2 to the old master's exit in " + tookNanos / 1_000_000 + " ms");
			assertThat(summary.failures()).isEmpty();
			assertThat(summary.failed()).isZero();
			assertThat(summary.ok()).isGreaterThan(20);

			ProcessHandle master = ProcessHandle.of(newMaster).orElseThrow();
			assertThat(master.isAlive()).isTrue();
			Set<Long> newWorkers = master.children()
				.filter((child) -> child.info().commandLine().orElse("").contains("spring.profiles.include=worker"))
				.map(ProcessHandle::pid)
				.collect(Collectors.toSet());
			assertThat(newWorkers).hasSize(2).doesNotContainAnyElementsOf(oldWorkers);
			assertThat(Http.awaitDistinctPids(port, 2, ClusterIT.BOOT)).isEqualTo(newWorkers);
			assertThat(oldWorkers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
			assertThat(summary.pids()).containsAll(newWorkers);

			// What belongs to the live master followed it
			assertThat(pid(pidFile)).isEqualTo(newMaster);
			assertThat(oldSession.awaitEnd()).contains("Upgrade: master pid " + newMaster + " takes over")
				.contains("This master has handed over to master pid " + newMaster + " and exits");
			try (ReplClient session = ReplClient.connect(repl)) {
				assertThat(session.masterPid()).isEqualTo(newMaster);
			}
			List<String> mainPid = notify.with("MAINPID=" + newMaster);
			assertThat(mainPid).as("MAINPID= from the old master, then with READY=1 from the new one").hasSize(2);
			assertThat(mainPid.get(0)).isEqualTo("MAINPID=" + newMaster + "\nSTATUS=Upgrade: master pid " + newMaster
					+ " took over");
			assertThat(mainPid.get(1)).startsWith("MAINPID=" + newMaster + "\nREADY=1\nSTATUS=2/2 workers ready");
			assertThat(notify.messages()).noneMatch((message) -> message.contains("STOPPING=1"));
			assertThat(notify.watchdogPings()).isGreaterThan(10);

			// The new master upgrades like the first: through the endpoint, relayed by one of its workers.
			// (The harness reads the output of the first master only, whose stdout the others inherit:
			// once it has exited, the JDK closes that pipe on the harness's side.)
			HttpResult accepted = Http.post(port, "/actuator/cluster/upgrade", null);
			assertThat(accepted.status()).as(accepted.describe()).isEqualTo(202);
			Matcher third = STARTED.matcher(accepted.body());
			assertThat(third.find()).as(accepted.body()).isTrue();
			long thirdMaster = Long.parseLong(third.group(1));
			try (ReplClient session = ReplClient.connect(repl)) {
				assertThat(session.masterPid()).isEqualTo(newMaster);
				assertThat(session.run("upgrade")).isEqualTo("upgrade: Upgrade refused: an upgrade to a new master (pid "
						+ thirdMaster + ") is running; this master stops once it has taken over");
			}
			HttpResult refused = Http.post(port, "/actuator/cluster/upgrade", null);
			assertThat(refused.status()).as(refused.describe()).isEqualTo(409);
			await().atMost(ClusterIT.BOOT).until(() -> pid(pidFile) == thirdMaster);
			await().atMost(ClusterIT.BOOT).until(() -> !master.isAlive());
			await().atMost(Duration.ofSeconds(5)).until(() -> notify.with("MAINPID=" + thirdMaster).size() == 2);
			try (ReplClient session = ReplClient.connect(repl)) {
				assertThat(session.masterPid()).isEqualTo(thirdMaster);
			}

			// The last master quits like any master, and takes its pid file and REPL socket with it
			// (not cluster.signal: the harness signals only what it saw below the first master)
			ProcessHandle last = ProcessHandle.of(thirdMaster).orElseThrow();
			assertThat(last.destroy()).as("SIGTERM to the last master").isTrue();
			await().atMost(ClusterIT.BOOT).until(() -> !last.isAlive());
			assertThat(notify.with("STOPPING=1")).hasSize(1);
			assertThat(notify.longestWatchdogGap()).as("the longest time between two watchdog pings")
				.isLessThan(WATCHDOG);
			assertThat(pidFile).doesNotExist();
			assertThat(repl).doesNotExist();
			assertThat(cluster.survivingDescendants()).isEmpty();
		}
	}

	/** The pid the file names, or -1 without a file. */
	private static long pid(Path pidFile) throws IOException {
		return Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()) : -1;
	}

}
