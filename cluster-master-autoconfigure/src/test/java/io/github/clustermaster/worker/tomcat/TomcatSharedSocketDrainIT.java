package io.github.clustermaster.worker.tomcat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.clustermaster.socket.SharedServerSocket;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proof that workers sharing the master's socket stop under load without dropping a
 * request: real worker JVMs of {@link DrainTestApplication}, one shared socket, a rolling
 * restart (stop one, start a replacement, stop the other) while clients open a new
 * connection per request.
 *
 * @author cluster-master
 */
@EnabledOnOs(OS.LINUX)
class TomcatSharedSocketDrainIT {

	@RegisterExtension
	final ClusterProcessExtension workers = new ClusterProcessExtension();

	@Test
	void rollingRestartUnderLoadDropsNoRequestAndFinishesTheSlowOne() throws Exception {
		try (SharedServerSocket socket = SharedServerSocket.bind(new InetSocketAddress("127.0.0.1", 0), 128)) {
			int port = socket.address().getPort();
			ClusterProcess first = this.workers.start(worker(socket, "first"));
			ClusterProcess second = this.workers.start(worker(socket, "second"));
			awaitReady(first);
			awaitReady(second);
			awaitBothServe(port, first, second);
			LoadClient load = LoadClient.builder(port)
				.threads(4)
				.maxRequests(1_000_000)
				// Stopped below; a cap that outlasts a replacement's boot on a loaded machine (15 s did not)
				.maxDuration(Duration.ofMinutes(2))
				.start();
			try {
				CompletableFuture<HttpResult> slow = CompletableFuture.supplyAsync(() -> Http.get(port, "/slow?ms=2000"));
				ClusterProcess stopping = await().atMost(Duration.ofSeconds(10))
					.until(() -> runsSlowRequest(first) ? first : runsSlowRequest(second) ? second : null,
							Objects::nonNull);
				ClusterProcess staying = (stopping == first) ? second : first;
				mark(load, "SIGTERM " + stopping.name() + " (running /slow)");
				// SIGTERM, as a supervisor would send it
				stopping.signal("TERM");
				ClusterProcess replacement = this.workers.start(worker(socket, "replacement"));
				awaitReady(replacement);
				mark(load, "replacement ready");
				stopping.awaitExit(Duration.ofSeconds(30));
				mark(load, stopping.name() + " exited");
				mark(load, "SIGTERM " + staying.name());
				boolean loadedAtLastStop = load.isRunning();
				staying.signal("TERM");
				staying.awaitExit(Duration.ofSeconds(30));
				mark(load, staying.name() + " exited");
				Thread.sleep(300);
				LoadSummary summary = load.stop();
				HttpResult slowResponse = slow.get(10, TimeUnit.SECONDS);
				System.out.printf("Requests sent: %d, failed: %d, in %d ms, answered by %s%n", summary.sent(),
						summary.failed(), summary.elapsed().toMillis(), summary.pids());
				List.of(first, second, replacement).forEach(TomcatSharedSocketDrainIT::printDrainLog);
				assertThat(loadedAtLastStop).as("load still running at the last stop").isTrue();
				assertThat(summary.failures()).isEmpty();
				assertThat(slowResponse.status()).as(slowResponse.describe()).isEqualTo(200);
				assertThat(slowResponse.body()).contains("pid=" + stopping.pid());
				assertThat(summary.pids()).contains(first.pid(), second.pid(), replacement.pid());
			}
			finally {
				load.stop();
			}
		}
	}

	/** One worker JVM, its stdin the shared socket. */
	private static ClusterProcess.Builder worker(SharedServerSocket socket, String name) {
		return ClusterProcess.mainClass(DrainTestApplication.class)
			.jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m")
			.args("--server.port=0", "--server.shutdown=graceful", "--spring.main.banner-mode=off",
					"--logging.level.io.github.clustermaster=debug",
					// Launched from its own main it would otherwise become a cluster master itself
					"--cluster.master.enabled=false")
			.stdin(socket.stdinRedirect())
			.name(name);
	}

	private static void awaitReady(ClusterProcess worker) {
		worker.awaitOutput(Pattern.compile(Pattern.quote(DrainTestApplication.READY)), Duration.ofSeconds(60));
	}

	private static boolean runsSlowRequest(ClusterProcess worker) {
		return worker.output().stream().anyMatch((line) -> line.contains(DrainTestApplication.SLOW_STARTED));
	}

	private static void awaitBothServe(int port, ClusterProcess first, ClusterProcess second) {
		Set<Long> pids = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			HttpResult result = Http.get(port, "/");
			if (result.isOk()) {
				pids.add(Http.pidOf(result.body()));
			}
			return pids.containsAll(Set.of(first.pid(), second.pid()));
		});
	}

	private static void mark(LoadClient load, String event) {
		LoadSummary now = load.snapshot();
		System.out.printf("%6d ms, %6d requests: %s%n", now.elapsed().toMillis(), now.sent(), event);
	}

	private static void printDrainLog(ClusterProcess worker) {
		worker.output()
			.stream()
			.filter((line) -> line.contains("TomcatAcceptorDrain") || line.contains("raceful"))
			.forEach((line) -> System.out.println(worker.name() + ": " + line));
	}

}
