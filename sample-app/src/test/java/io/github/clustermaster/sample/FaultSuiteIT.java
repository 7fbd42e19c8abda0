package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into one real cluster of two workers under load, each printing its
 * figures on a line that starts with {@code fault-suite:} (recorded in
 * {@code docs/reliability.md}): a worker killed with SIGKILL, a worker frozen with SIGSTOP,
 * a graceful quit with connections waiting in the accept queue. The tests run in order and
 * each leaves two ready workers; the last one ends the cluster.
 *
 * @author cluster-master
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

	static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

	/** A load of two clients, each a new connection per request: at most two requests in flight. */
	static final int CLIENTS = 2;

	static final int MAX_CONNECTIONS = 4;

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("fault-suite-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
					"--cluster.master.heartbeat-timeout=" + HEARTBEAT_TIMEOUT.toSeconds() + "s",
					"--cluster.master.min-restart-age=1s",
					// Few connections per worker, so that more wait in the shared accept queue.
					"--server.tomcat.max-connections=" + MAX_CONNECTIONS));
		Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
	}

	@Test
	@Order(1)
	void aWorkerKilledWithSigkillUnderLoadCostsOnlyItsRequestsInFlight() {
		Set<Long> before = cluster.awaitWorkers(2, ClusterIT.BOOT);
		long victim = before.iterator().next();
		LoadSummary summary;
		long full;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).start()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> load.snapshot().ok() > 100);
			long killed = System.nanoTime();
			cluster.signal(victim, "KILL");
			await().atMost(ClusterIT.BOOT).until(() -> {
				Set<Long> now = cluster.workerPids();
				return now.size() == 2 && !now.contains(victim);
			});
			cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
			full = (System.nanoTime() - killed) / 1_000_000;
			summary = load.stop();
		}
		System.out.println("fault-suite: kill -9 of a worker under load: " + summary.failed() + " failed of "
				+ summary.sent() + " (" + CLIENTS + " clients), pool full again after " + full + " ms");
		assertThat(summary.failed()).as(summary.failures().toString()).isLessThanOrEqualTo(CLIENTS);
	}

	@Test
	@Order(2)
	void aWorkerFrozenWithSigstopIsDetectedDumpedReplacedAndKilled() {
		Set<Long> before = cluster.awaitWorkers(2, ClusterIT.BOOT);
		long victim = before.iterator().next();
		int from = cluster.outputLineCount();
		int fromEvent = cluster.eventCount();
		LoadSummary summary;
		long detected;
		long replaced;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).start()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> load.snapshot().ok() > 100);
			long stopped = System.nanoTime();
			cluster.signal(victim, "STOP");
			ClusterEvent hung = cluster.awaitEvent("worker-hung", (event) -> event.isPid(victim), fromEvent,
					Duration.ofSeconds(30));
			assertThat(hung.text("fault")).isEqualTo("it sent no heartbeat for 3.0 s");
			assertThat(hung.flag("threadDump")).isTrue();
			detected = (System.nanoTime() - stopped) / 1_000_000;
			// SIGQUIT makes the JVM print every thread's stack on its stdout, the master's output.
			cluster.awaitOutput(Pattern.compile("Full thread dump"), from, Duration.ofSeconds(30));
			cluster.awaitEvent("worker-killed", (event) -> event.isPid(victim)
					&& event.text("reason").equals("it sent no heartbeat for 3.0 s; its replacement is ready"), fromEvent,
					ClusterIT.BOOT);
			await().atMost(ClusterIT.BOOT).until(() -> {
				Set<Long> now = cluster.workerPids();
				return now.size() == 2 && !now.contains(victim);
			});
			cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
			replaced = (System.nanoTime() - stopped) / 1_000_000;
			summary = load.stop();
		}
		cluster.awaitEvent("worker-exited", (event) -> event.isPid(victim) && event.text("reason")
			.contains("was killed because it sent no heartbeat for 3.0 s"), fromEvent, Duration.ofSeconds(30));
		System.out.println("fault-suite: SIGSTOP of a worker under load: detected after " + detected
				+ " ms (heartbeat-timeout " + HEARTBEAT_TIMEOUT.toMillis() + " ms), replaced and killed, pool full "
				+ "again after " + replaced + " ms, " + summary.failed() + " failed of " + summary.sent());
		assertThat(detected).isLessThan(HEARTBEAT_TIMEOUT.toMillis() + 5_000);
		assertThat(summary.failed()).as(summary.failures().toString()).isLessThanOrEqualTo(CLIENTS);
	}

	@Test
	@Order(3)
	void aGracefulQuitServesTheConnectionsWaitingInTheAcceptQueue() throws Exception {
		cluster.awaitAnsweringWorkers(port, 2, ClusterIT.BOOT);
		// 2 x 4 in service, the other 8 wait in the kernel's accept queue of the shared socket.
		int requests = 16;
		ExecutorService clients = Executors.newFixedThreadPool(requests);
		try {
			List<Future<HttpResult>> answers = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				answers.add(clients.submit(() -> Http.get(port, "/slow?ms=2000")));
			}
			Thread.sleep(500);
			cluster.signal("TERM");
			int answered = 0;
			List<String> failures = new ArrayList<>();
			for (Future<HttpResult> answer : answers) {
				HttpResult result = answer.get(90, TimeUnit.SECONDS);
				if (result.isOk()) {
					answered++;
				}
				else {
					failures.add(result.describe());
				}
			}
			System.out.println("fault-suite: graceful quit with " + (requests - 2 * MAX_CONNECTIONS)
					+ " connections waiting in the accept queue: " + answered + " of " + requests + " answered, "
					+ failures.size() + " reset or failed");
			assertThat(failures).isEmpty();
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(cluster.awaitExit(Duration.ofSeconds(90))).isZero();
		// The master read the real queue: connections were waiting when the quit began.
		assertThat(cluster.events()).anyMatch((event) -> event.name().equals("quit-last-server")
				&& event.number("queued") > 0);
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

}
