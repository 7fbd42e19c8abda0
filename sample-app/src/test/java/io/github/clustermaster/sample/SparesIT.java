package io.github.clustermaster.sample;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.Http10;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Hot spares ({@code cluster.master.spares=1}) in one real cluster of two Tomcat workers:
 * the spare is ready but answers no request until it is promoted, then it takes the place
 * of a worker killed with SIGKILL, of a recycled worker, and the new place of a resize up,
 * each time at once, and a new spare boots behind it. Prints {@code fault-suite:} lines.
 * The tests run in order on the one cluster; each leaves a ready spare behind. Every
 * worker and spare warms up first ({@code cluster.master.warmup.*}, on the same cluster:
 * the suite has no time for one of its own).
 *
 * @author cluster-master
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparesIT {

	/** Generous: the first workers, then the spare, boot on a loaded machine. */
	static final Duration BOOT = Duration.ofMinutes(5);

	static final int CLIENTS = 2;

	/** High enough that only the recycling test's load reaches it. */
	static final long MAX_REQUESTS = 3000;

	/** Warm-up requests per worker: half to an open page, half to one behind the login. */
	static final int WARMUP_REQUESTS = 40;

	/** A worker's one line on its warm-up: its id, then the private port it used. */
	static final Pattern WARMED_UP = Pattern.compile("Worker (\\d+) warmed up before joining the shared port: "
			+ WARMUP_REQUESTS + " requests in [0-9.]+ s \\(2xx " + WARMUP_REQUESTS / 2 + ", [34]xx "
			+ WARMUP_REQUESTS / 2 + "\\), slowest GET /\\S* \\d+ ms on "
			+ "127\\.0\\.0\\.1:(\\d+) \\(now closed\\)");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("spares-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.spares=1",
					"--cluster.master.repl=false", "--cluster.master.min-restart-age=1s",
					"--cluster.master.recycle.max-requests=" + MAX_REQUESTS, "--cluster.master.warmup.paths=/,/account",
					"--cluster.master.warmup.requests=" + WARMUP_REQUESTS));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	@AfterAll
	static void quit() {
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(BOOT)).isZero();
		assertThat(cluster.survivingDescendants()).as("no spare left behind").isEmpty();
	}

	@Test
	@Order(0)
	void everyWorkerAndTheSpareWarmUpPrivatelyBeforeTheyAreReadyAndTheirWarmUpIsNotCounted() throws Exception {
		long spare = awaitSpare(0);
		JsonNode view = ClusterView.await(port, BOOT, (status) -> spares(status).size() == 1
				&& spares(status).get(0).get("stats") != null && !spares(status).get(0).get("stats").isNull());
		List<JsonNode> workers = new ArrayList<>(readyWorkers(view));
		workers.addAll(spares(view));
		assertThat(workers).hasSize(3);
		List<String> output = cluster.output();
		for (JsonNode worker : workers) {
			int id = worker.get("id").asInt();
			long pid = worker.get("pid").asLong();
			int warmedUp = indexOf(output, WARMED_UP, id);
			assertThat(warmedUp).as("worker %d's warm-up line in %s", id, output).isNotNegative();
			// Boot's line starts with its time; the master reported the worker ready after it
			Instant warmedUpAt = OffsetDateTime.parse(output.get(warmedUp).split("\\s+", 2)[0]).toInstant();
			Instant ready = cluster.awaitEvent("worker-ready", (event) -> event.isPid(pid), BOOT).time();
			assertThat(warmedUpAt).as("worker %d warmed up before it was ready", id).isBeforeOrEqualTo(ready);
			Matcher line = WARMED_UP.matcher(output.get(warmedUp));
			assertThat(line.find()).isTrue();
			int privatePort = Integer.parseInt(line.group(2));
			assertThat(privatePort).as("a private port, not the shared one").isNotEqualTo(port);
			assertThatExceptionOfType(ConnectException.class).as("worker %d's warm-up port is closed", id)
				.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), privatePort).close());
		}
		// The spare served its warm-up and nothing else: none of it in the stats its heartbeat sends
		JsonNode stats = spares(view).get(0).get("stats");
		assertThat(spares(view).get(0).get("pid").asLong()).isEqualTo(spare);
		assertThat(stats.get("requests").asLong()).as("the spare's counted requests: %s", stats).isZero();
		// Nor in the application's own observations: half of each warm-up got a 4xx from /account, which no
		// request on the shared port got so far (only this test's own 404s below), and Micrometer's
		// http.server.requests has none of them
		for (JsonNode worker : readyWorkers(view)) {
			Http10.Response meter = Http10.get(port, "/actuator/cluster/workers/" + worker.get("id").asInt()
					+ "/metrics/http.server.requests?tag=outcome:CLIENT_ERROR");
			if (meter.status() != 404) {
				assertThat(meter.status()).as(meter.toString()).isEqualTo(200);
				JsonNode statuses = JsonMapper.builder().build().readTree(meter.body())
					.path("availableTags")
					.valueStream()
					.filter((tag) -> tag.path("tag").asString().equals("status"))
					.findFirst()
					.orElseThrow()
					.path("values");
				assertThat(statuses.valueStream().map(JsonNode::asString))
					.as("worker %s's client errors in http.server.requests: %s", worker.get("id"), meter)
					.containsOnly("404");
			}
		}
		System.out.println("fault-suite: warm-up of " + WARMUP_REQUESTS + " requests on a private port before ready: "
				+ output.get(indexOf(output, WARMED_UP, spares(view).get(0).get("id").asInt()))
					.replaceFirst("^.*: Worker", "Worker"));
	}

	/** The index of the first line that matches with {@code id} as its first group, or -1. */
	private static int indexOf(List<String> output, Pattern pattern, int id) {
		for (int i = 0; i < output.size(); i++) {
			Matcher matcher = pattern.matcher(output.get(i));
			if (matcher.find() && Integer.parseInt(matcher.group(1)) == id) {
				return i;
			}
		}
		return -1;
	}

	@Test
	@Order(1)
	void theSpareIsReadyButAnswersNoRequestBeforeItIsPromoted() {
		long spare = awaitSpare(0);
		JsonNode cluster = ClusterView.get(port);
		assertThat(cluster.get("ready").asInt()).as("the spare is not counted as ready").isEqualTo(2);
		LoadSummary summary;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).maxRequests(600).start()) {
			summary = load.awaitDone(Duration.ofMinutes(2));
		}
		assertThat(summary.failed()).as(summary.failures().toString()).isZero();
		assertThat(summary.pids()).hasSize(2).doesNotContain(spare);
		assertThat(SparesIT.cluster.events()).anyMatch((event) -> event.name().equals("worker-ready")
				&& event.isPid(spare) && event.flag("spare"));
	}

	@Test
	@Order(2)
	void aWorkerKilledWithSigkillUnderLoadIsReplacedAtOnceByTheSpareAndANewSpareBootsBehindIt() {
		long spare = awaitSpare(0);
		JsonNode victim = readyWorkers(ClusterView.get(port)).get(0);
		long victimPid = victim.get("pid").asLong();
		int from = SparesIT.cluster.eventCount();
		LoadSummary summary;
		long full;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).start()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.snapshot().ok() > 100);
			assertThat(load.snapshot().pids()).doesNotContain(spare);
			long killed = System.nanoTime();
			SparesIT.cluster.signal(victimPid, "KILL");
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(1))
				.until(() -> ProcessHandle.of(victimPid).map((process) -> !process.isAlive()).orElse(true));
			// Every request sent once the victim is gone is answered: by the survivor, or by the
			// spare, which answers soon
			List<String> failedProbes = new ArrayList<>();
			full = probeUntilAnsweredBy(spare, failedProbes, killed);
			assertThat(failedProbes).as("requests sent after the kill that failed").isEmpty();
			summary = load.stop();
		}
		SparesIT.cluster.awaitEvent("spare-promoted", (event) -> event.isPid(spare)
				&& event.number("slot") == victim.get("slot").asInt(), from, Duration.ofSeconds(10));
		System.out.println("fault-suite: kill -9 of a worker under load with a hot spare: " + summary.failed()
				+ " failed of " + summary.sent() + " (" + CLIENTS + " clients), pool full again after " + full
				+ " ms (the promoted spare answered)");
		// Only requests in flight on the killed worker may fail
		assertThat(summary.failed()).as(summary.failures().toString()).isLessThanOrEqualTo(CLIENTS);
		// A boot takes seconds (35 s at a load of 8); a promotion milliseconds: generous
		assertThat(full).as("ms from the kill until the spare answered").isLessThan(10_000);
		long next = awaitSpare(spare);
		assertThat(next).isNotEqualTo(victimPid);
		System.out.println("fault-suite: a new hot spare (pid " + next + ") booted behind the promoted one");
	}

	@Test
	@Order(3)
	void aRecycledWorkerIsReplacedByTheSpareWithoutAFailedRequest() {
		long spare = awaitSpare(0);
		int from = SparesIT.cluster.eventCount();
		LoadSummary summary;
		try (LoadClient load = LoadClient.sequential(port).threads(CLIENTS).maxDuration(Duration.ofMinutes(3)).start()) {
			SparesIT.cluster.awaitEvent("worker-recycling",
					(event) -> event.text("reason").matches("it served \\d+ requests.*"), from, Duration.ofMinutes(3));
			SparesIT.cluster.awaitEvent("spare-promoted", (event) -> event.isPid(spare), from, Duration.ofSeconds(10));
			awaitAnswerFrom(spare);
			summary = load.stop();
		}
		ClusterEvent stopped = SparesIT.cluster.awaitEvent("worker-stopping",
				(event) -> event.text("reason").startsWith("recycled: it served"), from, Duration.ofSeconds(10));
		System.out.println("fault-suite: recycling with a hot spare under load: " + summary.failed() + " failed of "
				+ summary.sent() + "; stopping worker " + stopped.number("worker") + ": " + stopped.text("reason"));
		assertThat(summary.failed()).as(summary.failures().toString()).isZero();
		awaitSpare(spare);
	}

	@Test
	@Order(4)
	void aResizeUpPromotesTheSpareAtOnce() {
		long spare = awaitSpare(0);
		long started = System.nanoTime();
		HttpResult resized = Http.post(port, "/actuator/cluster/resize", "{\"size\": 3}");
		assertThat(resized.status()).as(resized.describe()).isBetween(200, 299);
		awaitAnswerFrom(spare);
		long took = (System.nanoTime() - started) / 1_000_000;
		JsonNode cluster = ClusterView.await(port, Duration.ofSeconds(10), (status) -> readyWorkers(status).size() == 3);
		assertThat(readyWorkers(cluster)).anyMatch((worker) -> worker.get("pid").asLong() == spare
				&& worker.get("slot").asInt() == 2);
		System.out.println("fault-suite: resize from 2 to 3 with a hot spare: 3 workers answering after " + took
				+ " ms");
		awaitSpare(spare);
	}

	/** Wait for a ready spare other than {@code not}, and answer its pid. */
	private static long awaitSpare(long not) {
		JsonNode cluster = ClusterView.await(port, BOOT, (status) -> spares(status).size() == 1
				&& spares(status).get(0).get("pid").asLong() != not);
		return spares(cluster).get(0).get("pid").asLong();
	}

	/**
	 * Send requests, one after the other, until one is answered by the given worker, and
	 * answer the time from {@code since} until then.
	 */
	private static long probeUntilAnsweredBy(long pid, List<String> failed, long since) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResult result = Http.get(port, "/");
			if (!result.isOk()) {
				failed.add(result.describe());
			}
			else if (Http.pidOf(result.body()) == pid) {
				return (System.nanoTime() - since) / 1_000_000;
			}
		}
		throw new AssertionError("Worker pid " + pid + " answered no request within 60 s; failed: " + failed);
	}

	/** Send requests until one is answered by the given worker. */
	private static void awaitAnswerFrom(long pid) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
			HttpResult result = Http.get(port, "/");
			return result.isOk() && Http.pidOf(result.body()) == pid;
		});
	}

	private static List<JsonNode> spares(JsonNode status) {
		return workers(status, "SPARE");
	}

	private static List<JsonNode> readyWorkers(JsonNode status) {
		return workers(status, "READY");
	}

	private static List<JsonNode> workers(JsonNode status, String state) {
		List<JsonNode> workers = new ArrayList<>();
		status.get("workers").forEach((worker) -> {
			if (state.equals(worker.get("state").asString())) {
				workers.add(worker);
			}
		});
		return workers;
	}

}
