package io.github.clustermaster.warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WarmupRunner} against a real HTTP server on loopback.
 *
 * @author cluster-master
 */
class WarmupRunnerTests {

	private HttpServer server;

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final Map<String, String> userAgents = new ConcurrentHashMap<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger sessions = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			String target = exchange.getRequestURI().toString();
			this.hits.computeIfAbsent(target, (key) -> new AtomicInteger()).incrementAndGet();
			this.userAgents.put(target, String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
			int status = 200;
			if (target.startsWith("/account")) {
				exchange.getResponseHeaders().add("Location", "/login");
				status = 302;
			}
			else if (target.startsWith("/secret")) {
				status = 401;
			}
			else if (target.startsWith("/slow")) {
				sleep(50);
			}
			else if (target.startsWith("/hang")) {
				await(this.release);
			}
			else if (target.startsWith("/session")) {
				String cookie = exchange.getRequestHeaders().getFirst("Cookie");
				if (cookie == null || !cookie.contains("SESSION=")) {
					int session = this.sessions.incrementAndGet();
					exchange.getResponseHeaders().add("Set-Cookie", "SESSION=s" + session + "; Path=/; HttpOnly");
					exchange.getResponseHeaders().add("Set-Cookie", "theme=dark");
				}
				else if (!cookie.equals("SESSION=s" + cookie.charAt(cookie.indexOf("=s") + 2) + "; theme=dark")) {
					status = 400;
				}
			}
			byte[] body = "warm".getBytes();
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
	}

	@Test
	void sendsTheCountOverThePathsInTurnAndCountsAnswersByStatusClass() {
		WarmupResult result = runner()
			.run(WarmupPlan.count(List.of("/", "/account?x=1", "/secret"), 30, 2, Duration.ofSeconds(30)));
		assertThat(result.timedOut()).isFalse();
		assertThat(result.requests()).isEqualTo(30);
		assertThat(result.answered(2)).isEqualTo(10);
		assertThat(result.answered(3)).isEqualTo(10);
		assertThat(result.answered(4)).isEqualTo(10);
		assertThat(result.failed()).isZero();
		assertThat(this.hits.get("/account?x=1")).hasValue(10);
		assertThat(this.userAgents.get("/")).isEqualTo(WarmupRunner.USER_AGENT);
		assertThat(result.summary()).startsWith("30 requests in ").contains("(2xx 10, 3xx 10, 4xx 10)")
			.contains(", slowest GET /");
	}

	@Test
	void eachConnectionKeepsItsCookiesSoThatAPathThatCreatesASessionCreatesOnePerConnection() {
		WarmupResult result = runner().run(WarmupPlan.count(List.of("/session"), 20, 2, Duration.ofSeconds(30)));
		assertThat(result.answered(2)).as(result.summary()).isEqualTo(20);
		assertThat(this.sessions).as("sessions created").hasValueBetween(1, 2);
	}

	@Test
	void aCookieThatExpiresAtOnceIsDropped() {
		Map<String, String> cookies = new java.util.HashMap<>(Map.of("SESSION", "a"));
		WarmupRunner.cookie("set-cookie: theme=light; Path=/", cookies);
		WarmupRunner.cookie("Set-Cookie: SESSION=; Max-Age=0", cookies);
		WarmupRunner.cookie("Content-Type: text/html", cookies);
		assertThat(cookies).containsExactly(Map.entry("theme", "light"));
	}

	@Test
	void namesTheSlowestPath() {
		WarmupResult result = runner().run(WarmupPlan.count(List.of("/", "/slow"), 6, 1, Duration.ofSeconds(30)));
		assertThat(result.slowestPath()).isEqualTo("/slow");
		assertThat(result.slowest()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
	}

	@Test
	void sendsForADurationWhenNoCountIsSet() {
		long start = System.nanoTime();
		WarmupResult result = runner().run(WarmupPlan.lasting(List.of("/"), Duration.ofMillis(500), 2,
				Duration.ofSeconds(30)));
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(result.timedOut()).isFalse();
		assertThat(result.requests()).isGreaterThanOrEqualTo(2);
		assertThat(result.answered(2)).isEqualTo(result.requests());
		assertThat(took).isBetween(450L, 5_000L);
	}

	@Test
	void stopsAtItsTimeLimitClosingWhatIsOpenAndSaysSo() {
		long start = System.nanoTime();
		WarmupResult result = runner()
			.run(WarmupPlan.count(List.of("/", "/hang"), 1000, 2, Duration.ofMillis(800)));
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(result.timedOut()).isTrue();
		assertThat(took).as("not much past its limit").isBetween(700L, 3_000L);
		assertThat(result.answered(2)).isGreaterThanOrEqualTo(1);
		assertThat(result.requests()).isLessThan(1000);
	}

	@Test
	void countsRequestsThatGetNoAnswer() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		WarmupResult result = new WarmupRunner(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed))
			.run(WarmupPlan.count(List.of("/"), 3, 1, Duration.ofSeconds(10)));
		assertThat(result.failed()).isEqualTo(3);
		assertThat(result.answered()).isZero();
		assertThat(result.slowestPath()).isNull();
		assertThat(result.summary()).contains("3 without an answer (first: GET /: ");
	}

	private WarmupRunner runner() {
		return new WarmupRunner(new InetSocketAddress(InetAddress.getLoopbackAddress(),
				this.server.getAddress().getPort()));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
