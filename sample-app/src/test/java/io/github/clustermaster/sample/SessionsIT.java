package io.github.clustermaster.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.CookieClient;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's form login on a real pool of two workers, through a new connection per
 * request ({@code Connection: close}, what a browser does after its keep-alive timeout),
 * so that either worker answers each request: the login, its CSRF token and the
 * session's counter are seen by every worker, and survive a worker's {@code kill -9}, a
 * rolling restart, recycling and a master upgrade (while both pools serve, they share one
 * store). One cluster and one login serve the whole class, in
 * order.
 *
 * @author cluster-master
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsIT {

	/** Recycling replaces a worker after this many requests: the last test gets there. */
	static final int MAX_REQUESTS = 400;

	/** Boots, restarts and the upgrade, on a loaded machine (a worker booted in 3 min on a 2-core one). */
	static final Duration BOOT = Duration.ofMinutes(8);

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	static CookieClient browser;

	static int visits;

	@BeforeAll
	static void startClusterAndLogIn() throws IOException {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("sessions-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
					"--cluster.master.min-restart-age=1s", "--spring.security.user.password=pw",
					"--cluster.master.fast-start=false", "--cluster.master.boot-timeout=4m",
					"--cluster.master.recycle.max-requests=" + MAX_REQUESTS,
					"--cluster.master.restart.canary.enabled=false"));
		Http.awaitDistinctPids(port, 2, BOOT);
		browser = new CookieClient(port);
		CookieClient.Response login = browser.get("/login");
		assertThat(login.status()).isEqualTo(200);
		CookieClient.Response loggedIn = browser
			.post("/login", Map.of("username", "user", "password", "pw", "_csrf", login.csrf()));
		assertThat(loggedIn.status()).as(loggedIn.body()).isEqualTo(302);
		assertThat(loggedIn.location()).endsWith("/account");
	}

	@Test
	@Order(1)
	void aLoginStaysValidForTwentyRequestsOnNewConnectionsWhicheverWorkerAnswers() throws IOException {
		Set<Long> pids = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			pids.add(assertLoggedIn());
		}
		assertThat(pids).as("both workers answered").hasSize(2);
		// The master's figures reach the workers with its status push, within a second
		ClusterView.await(port, Duration.ofSeconds(10), (status) -> status.get("sessions").get("sessions").asInt() == 1);
	}

	@Test
	@Order(2)
	void csrfProtectedPostsSucceedWhicheverWorkerAnswersAndEveryWorkerSeesTheCounter() throws IOException {
		Set<Long> pids = new HashSet<>();
		String csrf = browser.get("/logout").csrf();
		for (int i = 0; i < 10; i++) {
			CookieClient.Response visit = browser.post("/account/visits", Map.of("_csrf", csrf));
			assertThat(visit.status()).as(visit.body()).isEqualTo(200);
			visits++;
			assertThat(visit.body()).contains("user user visits " + visits);
			pids.add(Http.pidOf(visit.body()));
		}
		assertThat(pids).as("both workers answered").hasSize(2);
		Set<Long> readers = new HashSet<>();
		for (int i = 0; i < 10; i++) {
			readers.add(assertLoggedIn());
		}
		assertThat(readers).hasSize(2);
		JsonNode sessions = ClusterView
			.await(port, Duration.ofSeconds(10), (status) -> status.get("sessions").get("bytes").asLong() > 0)
			.get("sessions");
		assertThat(sessions.get("bytes").asLong()).isLessThan(sessions.get("maxBytes").asLong());
	}

	@Test
	@Order(3)
	void theLoginSurvivesTheWorkerThatCreatedItBeingKilled() throws IOException {
		Set<Long> workers = cluster.awaitWorkers(2, BOOT);
		long victim = workers.iterator().next();
		cluster.signal(victim, "KILL");
		for (int i = 0; i < 10; i++) {
			assertLoggedIn();
		}
		Set<Long> after = Http.awaitDistinctPids(port, 2, BOOT);
		assertThat(after).doesNotContain(victim);
		for (int i = 0; i < 10; i++) {
			assertLoggedIn();
		}
	}

	@Test
	@Order(4)
	void theLoginSurvivesARollingRestart() throws IOException {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		int generation = ClusterView.get(port).get("generation").asInt();
		assertThat(Http.post(port, "/actuator/cluster/restart", null).status()).isIn(200, 202);
		Set<Long> answered = new HashSet<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(100)).until(() -> {
			answered.add(assertLoggedIn());
			JsonNode status = ClusterView.get(port);
			return status.get("generation").asInt() > generation && !status.get("restarting").asBoolean()
					&& status.get("ready").asInt() == 2;
		});
		Set<Long> after = Http.awaitDistinctPids(port, 2, BOOT);
		assertThat(after).doesNotContainAnyElementsOf(before);
		for (int i = 0; i < 10; i++) {
			answered.add(assertLoggedIn());
		}
		assertThat(answered).containsAll(after);
	}

	@Test
	@Order(5)
	void theLoginSurvivesRecycling() throws IOException {
		int recycles = ClusterView.get(port).get("counters").get("recycles").asInt();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(10)).until(() -> {
			assertLoggedIn();
			return ClusterView.get(port).get("counters").get("recycles").asInt() > recycles;
		});
		ClusterView.await(port, BOOT, (status) -> status.get("ready").asInt() == 2);
		for (int i = 0; i < 10; i++) {
			assertLoggedIn();
		}
	}

	@Test
	@Order(6)
	void theLoginSurvivesAMasterUpgradeAndBothPoolsSeeOneSessionMeanwhile() throws IOException {
		// No recycling under way: the two workers now are the old pool
		JsonNode steady = ClusterView.await(port, BOOT,
				(status) -> status.get("ready").asInt() == 2 && status.get("workers").size() == 2);
		Set<Long> oldWorkers = new HashSet<>();
		steady.get("workers").forEach((worker) -> oldWorkers.add(worker.get("pid").asLong()));
		int from = cluster.eventCount();
		cluster.signal("USR2");
		long newMaster = cluster.awaitEvent("upgrade-started", (event) -> true, from, Duration.ofSeconds(20))
			.number("pid");
		// While both pools serve, every request stays logged in, and a change made on
		// either pool is seen by the other
		String csrf = browser.get("/logout").csrf();
		Set<Long> answered = new HashSet<>();
		await().atMost(BOOT).pollInterval(Duration.ofMillis(50)).until(() -> {
			CookieClient.Response visit = browser.post("/account/visits", Map.of("_csrf", csrf));
			assertThat(visit.status()).as(visit.body()).isEqualTo(200);
			visits++;
			assertThat(visit.body()).contains("user user visits " + visits);
			answered.add(Http.pidOf(visit.body()));
			answered.add(assertLoggedIn());
			return !cluster.isAlive();
		});
		assertThat(cluster.awaitExit(BOOT)).isZero();
		Set<Long> newWorkers = ProcessHandle.of(newMaster)
			.orElseThrow()
			.children()
			.filter((child) -> child.info().commandLine().orElse("").contains("spring.profiles.include=worker"))
			.map(ProcessHandle::pid)
			.collect(Collectors.toSet());
		assertThat(newWorkers).hasSize(2).doesNotContainAnyElementsOf(oldWorkers);
		Set<Long> after = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			after.add(assertLoggedIn());
		}
		assertThat(after).isEqualTo(newWorkers);
		assertThat(answered).as("the old pool and the new one both answered").containsAnyElementsOf(oldWorkers)
			.containsAnyElementsOf(newWorkers);
		ClusterView.await(port, Duration.ofSeconds(10), (status) -> status.get("sessions").get("sessions").asInt() == 1);
		ProcessHandle.of(newMaster).ifPresent(ProcessHandle::destroy);
	}

	/** One request on a new connection: logged in, with the counter; answers the pid. */
	private static long assertLoggedIn() throws IOException {
		CookieClient.Response account = browser.get("/account");
		assertThat(account.status()).as("%s %s", account.location(), account.body()).isEqualTo(200);
		assertThat(account.body()).contains("user user visits " + visits);
		return Http.pidOf(account.body());
	}

}
