package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.Browser;
import io.github.clustermaster.sample.support.Browser.Response;
import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
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
 * The multi-host path: the sample's form login, unchanged, on Spring Session Data Redis
 * against a real {@code redis-server} that this test starts on a free loopback port. The
 * sample runs from its class path with Spring Session Data Redis added (failsafe's
 * {@code redis-sessions} execution, see the sample's pom), as an application that
 * configures Spring Session itself: the starter then keeps out of the way (the pool's own
 * store holds none of its sessions) and every worker reads the sessions from Redis. A browser that opens a new connection for every request
 * stays logged in whichever worker answers, across a rolling restart, and its CSRF token
 * works on every worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSessionsIT {

	/** A ceiling far above the other tests' boot timeout: at load average 30-50 on 2 cores a worker took 265 s to boot. */
	private static final Duration BOOT = Duration.ofMinutes(10);

	private static final String PASSWORD = "redis-sessions-it";

	private static final Pattern ACCOUNT = Pattern.compile("^\\d+ worker \\S+ user user visits (\\d+)\\n$");

	@RegisterExtension
	static final ClusterProcessExtension processes = new ClusterProcessExtension();

	static int redisPort;

	static int port;

	static ClusterProcess cluster;

	static Browser loggedIn;

	@BeforeAll
	static void startRedisAndTheCluster() throws IOException {
		assertThat(RedisSessionsIT.class.getClassLoader()
			.getResource("org/springframework/session/data/redis/RedisSessionRepository.class"))
			.as("Spring Session Data Redis must be on the test's class path: it is in the sample's "
					+ "redis-sessions execution (mvn -pl sample-app -am verify -Predis-sessions -Dit.test=none ...)")
			.isNotNull();
		assertThat(List.of(which("redis-server"), which("redis-cli")))
			.as("redis-server and redis-cli must be installed (apt-get install -y redis-server)")
			.doesNotContain(false);
		redisPort = FreePort.find();
		// Its own temporary working directory, deleted by close(); nothing written to it.
		ClusterProcess redis = processes.start(ClusterProcess
			.command("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "",
					"--appendonly", "no")
			.name("redis"));
		redis.awaitOutput(Pattern.compile("Ready to accept connections"), Duration.ofSeconds(30));
		port = FreePort.find();
		cluster = processes.start(ClusterProcess.mainClass(SampleApplication.class)
			.jvmArgs(SampleJar.jvmOptions())
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.boot-timeout=" + BOOT.toSeconds() + "s",
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
					"--spring.security.user.password=" + PASSWORD, "--cluster.master.restart.canary.enabled=false")
			.name("redis-sessions"));
		Http.awaitDistinctPids(port, 2, BOOT);
		loggedIn = new Browser(port);
	}

	@Test
	@Order(1)
	void aLoginThroughTheFormIsHeldBySpringSessionInRedis() throws Exception {
		Response login = loggedIn.logIn("user", PASSWORD);
		assertThat(login.status()).as(login.toString()).isEqualTo(302);
		assertThat(login.location()).as(login.toString()).endsWith("/account");
		// Spring Session's cookie, not the container's: the application's store is in charge.
		assertThat(loggedIn.cookieNames()).as("cookies").contains("SESSION").doesNotContain("JSESSIONID");
		String sessionId = new String(Base64.getDecoder().decode(loggedIn.cookie("SESSION")), StandardCharsets.UTF_8);
		assertThat(redisCli("exists", "spring:session:sessions:" + sessionId)).isEqualTo("1");
		assertThat(redisCli("--scan", "--pattern", "spring:session:*")).contains(sessionId);
		// and none in the pool's own store, which the master holds
		JsonNode pool = ClusterView.get(port).path("sessions");
		assertThat(pool.path("sessions").isNumber()).as("the pool's store in GET /actuator/cluster: %s", pool).isTrue();
		assertThat(pool.path("sessions").intValue()).as("sessions in the pool's store: %s", pool).isZero();
	}

	@Test
	@Order(2)
	void theLoginStaysValidOnANewConnectionPerRequestWhicheverWorkerAnswers() {
		Set<Long> answering = accountPages(20);
		assertThat(answering).as("workers that answered").isEqualTo(cluster.workerPids());
	}

	@Test
	@Order(3)
	void csrfProtectedPostsSucceedWhicheverWorkerAnswersAndShareTheSessionsCounter() {
		int visits = visits(loggedIn.get("/account"));
		Set<Long> answering = new TreeSet<>();
		String token = "";
		for (int i = 1; i <= 40 && (i <= 10 || answering.size() < 2); i++) {
			// A token from the login page of whichever worker answered, used for the next two POSTs
			// (one GET and two POSTs, so that the POSTs do not keep pace with the workers' turns)
			if (i % 2 == 1) {
				token = loggedIn.csrfToken();
			}
			Response visit = loggedIn.post("/account/visits", Map.of("_csrf", token));
			assertThat(visit.status()).as("POST %d: %s", i, visit).isEqualTo(200);
			assertThat(visits(visit)).as("POST %d: %s", i, visit).isEqualTo(visits + i);
			answering.add(visit.pid());
		}
		assertThat(answering).as("workers that took a POST").hasSize(2);
		Response forged = loggedIn.post("/account/visits", Map.of("_csrf", "not-the-token"));
		assertThat(forged.status()).as("a POST with a wrong token: %s", forged).isEqualTo(403);
	}

	@Test
	@Order(4)
	void theLoginAndTheSessionOutliveARollingRestart() {
		int visits = visits(loggedIn.get("/account"));
		Set<Long> before = cluster.workerPids();
		// Two boots one after the other, each up to BOOT on a loaded machine
		HttpResult restart = Http.post(port, "/actuator/cluster/restart?wait=true", "{}", BOOT.multipliedBy(2));
		assertThat(restart.status()).as(restart.describe()).isEqualTo(200);
		// The worker that took the request is replaced last, once it has sent the answer
		Set<Long> after = await().atMost(BOOT)
			.until(cluster::workerPids, (pids) -> pids.size() == 2 && Collections.disjoint(pids, before));
		assertThat(cluster.awaitAnsweringWorkers(port, 2, BOOT)).as("workers after the restart").isEqualTo(after);
		Set<Long> answering = accountPages(20);
		assertThat(answering).as("workers that answered after the restart").isEqualTo(cluster.workerPids())
			.doesNotContainAnyElementsOf(before);
		assertThat(visits(loggedIn.get("/account"))).as("visits kept across the restart").isEqualTo(visits);
		Response visit = loggedIn.post("/account/visits", Map.of("_csrf", loggedIn.csrfToken()));
		assertThat(visits(visit)).as(visit.toString()).isEqualTo(visits + 1);
	}

	@Test
	@Order(5)
	void aBrowserThatDidNotLogInIsSentToTheLoginPage() {
		Response anonymous = new Browser(port).get("/account");
		assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(302);
		assertThat(anonymous.location()).as(anonymous.toString()).endsWith("/login");
	}

	/**
	 * {@code GET /account} on a new connection each time, at least {@code count} times and
	 * until both workers answered (at most 10 × {@code count}); every answer must be the
	 * account page of the logged-in user.
	 */
	private static Set<Long> accountPages(int count) {
		Set<Long> answering = new TreeSet<>();
		List<String> answers = new ArrayList<>();
		for (int i = 1; i <= 10 * count && (i <= count || answering.size() < 2); i++) {
			Response page = loggedIn.get("/account");
			answers.add(page.status() + (page.status() == 200 ? " " + page.pid() : " " + page.location()));
			assertThat(page.status()).as("request %d, answers so far %s: %s", i, answers, page).isEqualTo(200);
			assertThat(page.body()).as("request %d", i).matches(ACCOUNT);
			answering.add(page.pid());
		}
		return answering;
	}

	private static int visits(Response page) {
		Matcher matcher = ACCOUNT.matcher(page.body());
		assertThat(matcher.matches()).as("the account page: %s", page).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static String redisCli(String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort)));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
			assertThat(process.exitValue()).as("redis-cli %s: %s", line, output).isZero();
			return output;
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static boolean which(String command) throws IOException {
		try {
			Process process = new ProcessBuilder("sh", "-c", "command -v " + command).start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
