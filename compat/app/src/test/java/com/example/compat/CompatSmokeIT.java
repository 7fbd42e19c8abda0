package com.example.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The smoke test of one cell of the compatibility matrix: the application's own jar,
 * started as a user would ({@code java -jar}), becomes a master with two workers on one
 * port; a rolling restart under load loses no request; the endpoint and the REPL answer;
 * SIGTERM quits cleanly and leaves no worker behind.
 * <p>
 * Self-contained on purpose: it runs against whatever Boot version the matrix put in the
 * parent POM, with nothing of the starter's own test code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompatSmokeIT {

	private static final Duration BOOT = Duration.ofMinutes(3);

	private static final Pattern ANSWER = Pattern.compile("(\\d+) worker (\\d+) boot ");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	static Path dir;

	static Process master;

	static int port;

	static Path repl;

	static Path log;

	@BeforeAll
	static void startMaster() throws Exception {
		port = freePort();
		repl = dir.resolve("repl.sock");
		log = dir.resolve("master.log");
		List<String> command = new ArrayList<>(List.of(System.getProperty("compat.java")));
		command.addAll(jvmArgs());
		command.addAll(List.of("-jar", System.getProperty("compat.jar"), "--server.port=" + port,
				"--server.address=127.0.0.1", "--cluster.master.repl=" + repl));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
		master = builder.start();
		System.out.println("compat: master pid " + master.pid() + " on port " + port + ", log " + log);
		awaitStatus("2 ready workers", (status) -> readyWorkers(status) == 2);
	}

	@AfterAll
	static void stopMaster() throws Exception {
		if (master == null) {
			return;
		}
		List<ProcessHandle> tree = new ArrayList<>(master.descendants().toList());
		tree.add(master.toHandle());
		tree.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle process : tree) {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		System.out.println("compat: master log\n" + Files.readString(log));
	}

	@Test
	@Order(1)
	void bothWorkersAnswerOnOnePort() throws Exception {
		Set<String> pids = ConcurrentHashMap.newKeySet();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (pids.size() < 2 && System.nanoTime() < deadline) {
			// a new connection each time: a kept-alive one stays with the worker that accepted it
			String response = rawGet();
			assertThat(response).startsWith("HTTP/1.1 200");
			Matcher answer = ANSWER.matcher(response);
			assertThat(answer.find()).as(response).isTrue();
			pids.add(answer.group(1));
		}
		assertThat(pids).as("pids that answered on port %d", port).hasSize(2);
		assertThat(pids).isEqualTo(workerPids(status()));
	}

	@Test
	@Order(2)
	void theEndpointShowsTheMastersView() throws Exception {
		JsonNode status = status();
		assertThat(status.path("size").asInt()).isEqualTo(2);
		assertThat(status.path("masterPid").asLong()).isEqualTo(master.pid());
		HttpResponse<String> health = http.send(request("/actuator/health").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void aRollingRestartUnderLoadLosesNoRequest() throws Exception {
		Set<String> before = workerPids(status());
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		List<String> failures = new ArrayList<>();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Thread client = new Thread(() -> {
				while (running.get()) {
					sent.incrementAndGet();
					try {
						String response = rawGet();
						if (!response.startsWith("HTTP/1.1 200")) {
							synchronized (failures) {
								failures.add(response.lines().findFirst().orElse("(empty response)"));
							}
						}
					}
					catch (IOException ex) {
						synchronized (failures) {
							failures.add(ex.toString());
						}
					}
				}
			}, "compat-load-" + i);
			client.start();
			clients.add(client);
		}
		try {
			HttpResponse<String> restart = http.send(
					request("/actuator/cluster/restart").header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.noBody())
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(restart.statusCode()).as(restart.body()).isBetween(200, 202);
			awaitStatus("a finished restart onto new workers", (status) -> readyWorkers(status) == 2
					&& !status.path("restarting").asBoolean(true) && disjoint(workerPids(status), before));
		}
		finally {
			running.set(false);
			for (Thread client : clients) {
				client.join(30_000);
			}
		}
		System.out.println("compat: rolling restart under load: " + sent.get() + " sent, " + failures.size() + " failed");
		assertThat(sent.get()).isGreaterThan(100);
		assertThat(failures).isEmpty();
	}

	@Test
	@Order(4)
	void withSpringAotTheWorkersRunTheGeneratedCodeAndTheMasterItsOwnContext() throws Exception {
		Assumptions.assumeTrue(jvmArgs().contains("-Dspring.aot.enabled=true"), "a cell without Spring AOT");
		String output = Files.readString(log);
		assertThat(output).contains("Spring AOT: the workers run the application's generated code; the master "
				+ "builds its own context without it");
		// Boot's start-up line of each worker: 2 at start, 2 of the rolling restart
		assertThat(Pattern.compile("Starting AOT-processed CompatApplication").matcher(output).results().count())
			.as("AOT-processed workers started").isGreaterThanOrEqualTo(4);
	}

	@Test
	@Order(5)
	void theReplAnswers() throws Exception {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(repl));
			StringBuilder received = new StringBuilder();
			readUntil(channel, received, "> ");
			channel.write(ByteBuffer.wrap("pids\n".getBytes(StandardCharsets.UTF_8)));
			String expected = workerPids(status()).iterator().next();
			readUntil(channel, received, expected);
			channel.write(ByteBuffer.wrap("exit\n".getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Test
	@Order(6)
	void sigtermQuitsCleanly() throws Exception {
		List<ProcessHandle> workers = master.descendants().toList();
		assertThat(workers).isNotEmpty();
		master.destroy();
		assertThat(master.waitFor(120, TimeUnit.SECONDS)).as("master exited").isTrue();
		assertThat(master.exitValue()).isZero();
		for (ProcessHandle worker : workers) {
			worker.onExit().get(10, TimeUnit.SECONDS);
		}
		assertThat(Files.exists(repl)).as("REPL socket removed").isFalse();
	}

	/** The master's JVM options (and so its workers'): the cell's, e.g. Spring AOT's flag. */
	private static List<String> jvmArgs() {
		String args = System.getProperty("compat.jvm-args", "").trim();
		return args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
	}

	private static void readUntil(SocketChannel channel, StringBuilder received, String expected)
			throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (received.indexOf(expected) < 0) {
			if (System.nanoTime() > deadline) {
				fail("The REPL did not answer '" + expected + "'; it wrote: " + received);
			}
			buffer.clear();
			if (channel.read(buffer) < 0) {
				fail("The REPL closed the session; it wrote: " + received);
			}
			received.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
		}
	}

	private static HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	/** One request on a new connection, read raw: a reset is a failure, never retried. */
	private static String rawGet() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private static JsonNode status() throws Exception {
		HttpResponse<String> response = http.send(request("/actuator/cluster").build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /actuator/cluster answered " + response.statusCode() + ": "
					+ response.body());
		}
		return json.readTree(response.body());
	}

	private static void awaitStatus(String what, Predicate<JsonNode> condition) throws Exception {
		long deadline = System.nanoTime() + BOOT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			if (!master.isAlive()) {
				fail("The master exited with " + master.exitValue() + " while waiting for " + what + ":\n"
						+ Files.readString(log));
			}
			try {
				if (condition.test(status())) {
					return;
				}
			}
			catch (IOException | IllegalStateException ex) {
				last = ex;
			}
			Thread.sleep(250);
		}
		fail("No " + what + " within " + BOOT + " (last error: " + last + "); master log:\n" + Files.readString(log));
	}

	private static int readyWorkers(JsonNode status) {
		int ready = 0;
		for (JsonNode worker : status.path("workers")) {
			if ("READY".equals(worker.path("state").asString())) {
				ready++;
			}
		}
		return ready;
	}

	private static Set<String> workerPids(JsonNode status) {
		Set<String> pids = ConcurrentHashMap.newKeySet();
		for (JsonNode worker : status.path("workers")) {
			if ("READY".equals(worker.path("state").asString())) {
				pids.add(worker.path("pid").asString());
			}
		}
		return pids;
	}

	private static boolean disjoint(Set<String> a, Set<String> b) {
		return a.stream().noneMatch(b::contains);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
