package io.github.clustermaster.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample without {@code spring.security.user.password}: Boot's generated password is
 * the pool's. The master logs it once; every worker takes it, also a worker that replaces
 * one killed with SIGKILL and every worker of a rolling restart; no worker logs a password
 * of its own. Each login goes through a new connection ({@code Connection: close}), so
 * that the shared port hands it to any worker, with HTTP Basic, so that no session is
 * needed.
 */
class GeneratedPasswordIT {

	/** Generous: a worker boots in 10 s alone, in a minute on a machine that runs several suites. */
	static final Duration BOOT = Duration.ofMinutes(4);

	static final Pattern PASSWORD_LINE = Pattern.compile("Using generated security password: ([0-9a-f-]{36})");

	static final Pattern ACCOUNT = Pattern.compile("(\\d+) worker (\\d+) user user visits \\d+");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void everyWorkerLogsInWithTheOnePasswordTheMasterLogsOnceAcrossARespawnAndARollingRestart() throws Exception {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("generated-password-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.boot-timeout=4m", "--cluster.master.restart.canary.enabled=false"));
		Set<Long> first = Http.awaitDistinctPids(port, 2, BOOT);
		Matcher logged = PASSWORD_LINE.matcher(cluster.awaitOutput(PASSWORD_LINE, BOOT));
		assertThat(logged.find()).isTrue();
		String password = logged.group(1);
		assertThat(cluster.output()).filteredOn((line) -> line.contains(" " + cluster.pid() + " --- "))
			.anyMatch((line) -> line.contains("PoolReports"));

		assertThat(loginOnEveryWorker(port, password, first)).isEqualTo(first);
		assertThat(get(port, "/account", "user", password + "x")).startsWith("HTTP/1.1 401");

		long victim = first.iterator().next();
		cluster.signal(victim, "KILL");
		Set<Long> respawned = await().atMost(BOOT).until(cluster::workerPids,
				(pids) -> pids.size() == 2 && !pids.contains(victim));
		Http.awaitDistinctPids(port, 2, BOOT);
		assertThat(loginOnEveryWorker(port, password, respawned)).isEqualTo(respawned);

		int from = cluster.eventCount();
		cluster.signal("HUP");
		cluster.awaitEvent("rollout-done", (event) -> event.number("replaced") == 2, from, Duration.ofMinutes(6));
		Set<Long> restarted = await().atMost(BOOT).until(cluster::workerPids,
				(pids) -> pids.size() == 2 && pids.stream().noneMatch(respawned::contains));
		assertThat(loginOnEveryWorker(port, password, restarted)).isEqualTo(restarted);

		assertThat(cluster.output()).filteredOn((line) -> line.contains("Using generated security password"))
			.hasSize(1);
	}

	/**
	 * Log in through new connections until each of the workers has answered, and return
	 * the pids that answered.
	 */
	private static Set<Long> loginOnEveryWorker(int port, String password, Set<Long> workers) {
		Set<Long> answered = new TreeSet<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(50)).until(() -> {
			String response = get(port, "/account", "user", password);
			assertThat(response).startsWith("HTTP/1.1 200");
			String body = response.substring(response.indexOf("\r\n\r\n") + 4);
			Matcher matcher = ACCOUNT.matcher(body);
			assertThat(matcher.find()).as(body).isTrue();
			answered.add(Long.parseLong(matcher.group(1)));
			return answered.containsAll(workers);
		});
		return answered;
	}

	private static String get(int port, String path, String user, String password) throws IOException {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic "
					+ credentials + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
