package io.github.clustermaster.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.ReplClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages between the sample's workers and its master-side listener, through the shared
 * port, on one real cluster shared by the tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessagingIT {

	private static final Duration BOOT = ClusterIT.BOOT;

	private static final Pattern ECHO = Pattern.compile("echo: (.+) \\(master (\\d+), worker (\\d+)\\)");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("messaging-it")
			.args("--server.port=" + port, "--cluster.master.size=2"));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	@Test
	@Order(1)
	void masterEchoGoesFromEveryWorkerToTheMasterAndBack() {
		Map<Integer, String> answers = new TreeMap<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(50)).until(() -> {
			HttpResult result = Http.get(port, "/master-echo?text=hi");
			assertThat(result.status()).as(result.describe()).isEqualTo(200);
			Matcher echo = ECHO.matcher(result.body().strip());
			assertThat(echo.matches()).as(result.body()).isTrue();
			assertThat(echo.group(1)).isEqualTo("hi");
			assertThat(Long.parseLong(echo.group(2))).isEqualTo(cluster.pid());
			answers.put(Integer.parseInt(echo.group(3)), result.body().strip());
			return answers.size() == 2;
		});
		System.out.println("master-echo answers by worker: " + answers);
	}

	@Test
	@Order(2)
	void aThrowingMasterListenerAnswersWithItsErrorIsLoggedWithTheWorkerIdAndTheChannelKeepsWorking() {
		int from = cluster.eventCount();
		HttpResult failed = Http.get(port, "/master-echo?text=");
		assertThat(failed.status()).as(failed.describe()).isEqualTo(502);
		assertThat(failed.body()).contains("The master's listener failed: a ping needs a text to echo");
		int worker = Integer.parseInt(failed.body().substring("worker ".length(), failed.body().indexOf(':')));
		cluster.awaitEvent("message-listener-failed", (event) -> event.isWorker(worker)
				&& event.text("error").equals("java.lang.IllegalArgumentException: a ping needs a text to echo"), from, BOOT);
		for (int i = 0; i < 10; i++) {
			HttpResult again = Http.get(port, "/master-echo?text=again" + i);
			assertThat(again.status()).as(again.describe()).isEqualTo(200);
			assertThat(again.body()).startsWith("echo: again" + i + " (master " + cluster.pid());
		}
		assertThat(cluster.workerPids()).hasSize(2);
	}

	@Test
	@Order(3)
	void aBroadcastReachesEveryWorker() {
		String text = "hello-" + UUID.randomUUID();
		HttpResult sent = Http.post(port, "/broadcast?text=" + text, "{}");
		assertThat(sent.status()).as(sent.describe()).isEqualTo(202);
		Set<Long> reached = new TreeSet<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(50)).until(() -> {
			HttpResult announcements = Http.get(port, "/announcements");
			if (announcements.isOk() && announcements.body().contains(text)) {
				reached.add(Http.pidOf(announcements.body()));
			}
			return reached.size() == 2;
		});
		assertThat(reached).isEqualTo(cluster.workerPids());
	}

	@Test
	@Order(4)
	void theReplBroadcastsToEveryWorkerAndSendsToOne() {
		Path socket = cluster.workingDirectory().resolve("cluster-master-socket");
		String everyone = "everyone-" + UUID.randomUUID();
		String one = "one-" + UUID.randomUUID();
		Map<Integer, Long> pids;
		try (ReplClient repl = ReplClient.connect(socket)) {
			assertThat(repl.run("broadcast {\"announcement\": \"" + everyone + "\"}"))
				.isEqualTo("Sent to 2 workers (1, 2): {\"announcement\":\"" + everyone + "\"}");
			pids = workerPids(repl.run("pids"));
			assertThat(repl.run("send(2, {\"announcement\": \"" + one + "\"})"))
				.isEqualTo("Sent to worker 2: {\"announcement\":\"" + one + "\"}");
			assertThat(repl.run("send 9 {}")).isEqualTo("send: worker 9 is not connected; connected: 1, 2");
		}
		Map<Long, String> announcements = new TreeMap<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(50)).until(() -> {
			HttpResult result = Http.get(port, "/announcements");
			if (result.isOk() && result.body().contains(everyone + " (from the master)")
					&& (Http.pidOf(result.body()) != pids.get(2) || result.body().contains(one))) {
				announcements.put(Http.pidOf(result.body()), result.body());
			}
			return announcements.size() == 2;
		});
		assertThat(announcements.keySet()).containsExactlyInAnyOrderElementsOf(pids.values());
		assertThat(announcements.get(pids.get(2))).contains(one + " (from the master)");
		assertThat(announcements.get(pids.get(1))).doesNotContain(one);
	}

	private static Map<Integer, Long> workerPids(String pids) {
		Matcher map = Pattern.compile("\\{1: (\\d+), 2: (\\d+)}").matcher(pids);
		assertThat(map.matches()).as(pids).isTrue();
		return Map.of(1, Long.parseLong(map.group(1)), 2, Long.parseLong(map.group(2)));
	}

}
