package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

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
		try (Notifications notifications = new Notifications(socket)) {
			ClusterProcess cluster = this.clusters.start(ClusterProcess
				.command("systemd-socket-activate", "-l", "127.0.0.1:" + port, "-E", "NOTIFY_SOCKET=" + socket, "-E",
						"WATCHDOG_USEC=" + WATCHDOG.toNanos() / 1000,
						Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						SampleJar.locate().toAbsolutePath().toString())
				.name("socket-activation-it")
				.args("--server.port=" + port, "--cluster.master.repl=false"));
			// systemd-socket-activate starts the master at the first connection, which waits in
			// the passed socket's queue until a worker serves it
			Set<Long> workers = Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
			assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).isEqualTo(workers);
			cluster.awaitOutput(Pattern.compile("via the listening socket systemd passed \\(socket activation\\)"),
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
				cluster.signal("HUP");
				cluster.awaitOutput(Pattern.compile("Rolling restart to generation 2 done"), from,
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
			assertThat(notifications.longestWatchdogGap()).as("the longest time between two watchdog pings")
				.isLessThan(WATCHDOG);
			assertThat(cluster.survivingDescendants()).isEmpty();
		}
	}

	/** What the master sent to its {@code NOTIFY_SOCKET}, one datagram a message. */
	private static final class Notifications implements AutoCloseable {

		private final AFUNIXDatagramChannel channel;

		private final List<String> messages = new ArrayList<>();

		private final List<Long> watchdogNanos = new ArrayList<>();

		private final Thread reader;

		Notifications(Path socket) throws IOException {
			this.channel = AFUNIXDatagramChannel.open();
			this.channel.bind(AFUNIXSocketAddress.of(socket));
			this.reader = new Thread(this::read, "notify-socket");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			ByteBuffer buffer = ByteBuffer.allocate(8192);
			try {
				while (true) {
					buffer.clear();
					this.channel.receive(buffer);
					buffer.flip();
					String message = StandardCharsets.UTF_8.decode(buffer).toString();
					synchronized (this) {
						this.messages.add(message);
						if (message.contains("WATCHDOG=1")) {
							this.watchdogNanos.add(System.nanoTime());
						}
					}
				}
			}
			catch (ClosedChannelException ex) {
				// closed by the test
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		synchronized boolean contains(String assignment) {
			return this.messages.stream().anyMatch((message) -> message.lines().anyMatch(assignment::equals));
		}

		synchronized String first(String assignment) {
			return this.messages.stream()
				.filter((message) -> message.lines().anyMatch(assignment::equals))
				.findFirst()
				.orElseThrow();
		}

		synchronized List<String> before(String message) {
			return List.copyOf(this.messages.subList(0, this.messages.indexOf(message)));
		}

		synchronized List<String> after(String assignment) {
			int at = this.messages.indexOf(first(assignment));
			return List.copyOf(this.messages.subList(at + 1, this.messages.size()));
		}

		synchronized Duration longestWatchdogGap() {
			long longest = 0;
			for (int i = 1; i < this.watchdogNanos.size(); i++) {
				longest = Math.max(longest, this.watchdogNanos.get(i) - this.watchdogNanos.get(i - 1));
			}
			assertThat(this.watchdogNanos).as("watchdog pings").hasSizeGreaterThan(10);
			return Duration.ofNanos(longest);
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
