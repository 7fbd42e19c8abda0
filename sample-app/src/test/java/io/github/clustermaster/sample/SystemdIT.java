package io.github.clustermaster.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import io.github.clustermaster.sample.support.NotifySocket;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master under systemd's protocols, with systemd's own test tool: socket activation by
 * {@code systemd-socket-activate}, and a datagram socket standing in for the service
 * manager's {@code NOTIFY_SOCKET}.
 */
@EnabledOnOs(OS.LINUX)
class SystemdIT {

	private static final Duration WATCHDOG = Duration.ofSeconds(2);

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@TempDir
	Path dir;

	@Test
	void aSocketActivatedMasterServesThePassedSocketAndTellsSystemdWhatItDoes() throws Exception {
		int port = FreePort.find();
		Path socket = this.dir.resolve("notify");
		try (NotifySocket notifications = new NotifySocket(socket)) {
			ClusterProcess cluster = this.clusters.start(ClusterProcess
				.command(Stream.concat(Stream.of("systemd-socket-activate", "-l", "127.0.0.1:" + port, "-E",
						"NOTIFY_SOCKET=" + socket, "-E", "WATCHDOG_USEC=" + WATCHDOG.toNanos() / 1000, "-E",
						ClusterProcess.EVENT_LOG_VARIABLE),
						SampleJar.java("-jar", SampleJar.locate().toAbsolutePath().toString()).stream()).toList())
				.name("socket-activation-it")
				// not judged by its traffic (CanaryIT is): on a busy machine a fresh JVM can look slower
				.args("--server.port=" + port, "--cluster.master.repl=false", "--cluster.master.restart.canary.enabled=false"));
			// systemd-socket-activate starts the master at the first connection, which waits in
			// the passed socket's queue until a worker serves it
			Set<Long> workers = Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
			assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).isEqualTo(workers);
			cluster.awaitEvent("port-shared",
					(event) -> event.text("via").startsWith("the listening socket systemd passed (socket activation)"),
					Duration.ofSeconds(1));
			await().atMost(ClusterIT.BOOT).until(() -> notifications.contains("READY=1"));
			String ready = notifications.first("READY=1");
			assertThat(ready).contains("STATUS=2/2 workers ready, generation 1");
			assertThat(notifications.before(ready)).noneMatch((message) -> message.contains("READY=1"))
				.anyMatch((message) -> message.contains("EXTEND_TIMEOUT_USEC="));

			LoadSummary summary;
			try (LoadClient load = LoadClient.sequential(port)
				.start()) {
				int from = cluster.outputLineCount();
				int fromEvent = cluster.eventCount();
				cluster.signal("HUP");
				cluster.awaitEvent("rollout-done", (event) -> event.number("generation") == 2, fromEvent,
						Duration.ofSeconds(180));
				summary = load.stop();
			}
			System.out.println("Rolling restart on the socket systemd passed: " + summary.sent() + " requests, "
					+ summary.failed() + " failed");
			assertThat(summary.failures()).isEmpty();
			assertThat(summary.ok()).isGreaterThan(20);
			await().atMost(Duration.ofSeconds(5)).until(() -> notifications.after("RELOADING=1").stream()
				.anyMatch((message) -> message.startsWith("READY=1")));
			String reloading = notifications.first("RELOADING=1");
			assertThat(reloading).containsPattern("MONOTONIC_USEC=\\d+")
				.contains("STATUS=2/2 workers ready, generation 2, rolling restart");

			int from = cluster.outputLineCount();
			cluster.signal("TERM");
			assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
			assertThat(cluster.output().subList(from, cluster.outputLineCount())).noneMatch(
					(line) -> line.contains("Cannot notify"));
			await().atMost(Duration.ofSeconds(5)).until(() -> notifications.contains("STOPPING=1"));
			assertThat(notifications.watchdogPings()).as("watchdog pings").isGreaterThan(10);
			assertThat(notifications.longestWatchdogGap()).as("the longest time between two watchdog pings")
				.isLessThan(WATCHDOG);
			assertThat(cluster.survivingDescendants()).isEmpty();
		}
	}

}
