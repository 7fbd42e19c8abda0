package io.github.clustermaster.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.ReplClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad input of the REPL, the HTTP endpoint and the configuration, in one list (the
 * table "Bad input" of {@code docs/reliability.md}): each is answered with one clear line
 * or message, and the cluster is unchanged afterwards. REPL and HTTP inputs go to one
 * real cluster of two workers, and after each one the master's own view (its REPL's
 * {@code pids} and {@code cluster}) is compared with the one before. Each configuration
 * input that needs a real process starts a master of its own that must fail before it
 * starts any worker (the others are checked in-process, see {@link #configurationInputs()}).
 * A summary line starting with {@code fault-suite:} ends the class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

	private static final Duration BOOT = ClusterIT.BOOT;

	/** The master's view of the pool in its REPL's summary, without what changes by itself. */
	private static final Pattern STABLE = Pattern
		.compile("^(size|workers|generation|restarting|danger|failed|quitting) .*");

	private static final String RESIZE_EXPECTED = "resize: expected the number of workers, 0 to 1024, for example: "
			+ "resize 4";

	private static final String BODY_EXPECTED = "The body must be a JSON object whose values are strings, numbers or "
			+ "booleans, e.g. {\"size\": 4}, or no body at all; it could not be read: ";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private static final AtomicInteger repl = new AtomicInteger();

	private static final AtomicInteger endpoint = new AtomicInteger();

	private static final AtomicInteger configuration = new AtomicInteger();

	private static final AtomicInteger total = new AtomicInteger();

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	static Path socket;

	static @Nullable ReplClient client;

	static @Nullable ReplClient observer;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		// A memory limit of its own, so that a resize beyond the budget is refused on any machine.
		cluster = clusters.start(SampleJar.master()
			.name("bad-input-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.memory.limit=4GB",
					"--cluster.master.min-restart-age=1s", "--cluster.master.restart.canary.enabled=false"));
		socket = cluster.workingDirectory().resolve("cluster-master-socket");
		// The configuration inputs run while the workers boot: the master must have started
		// its pool and its REPL must listen (both with the context's lifecycle, in no set order)
		cluster.awaitEvent("master-starting", BOOT);
		cluster.awaitEvent("repl-listening", BOOT);
	}

	@AfterAll
	static void summary() {
		if (client != null) {
			client.close();
		}
		if (observer != null) {
			observer.close();
		}
		int answered = repl.get() + endpoint.get() + configuration.get();
		System.out.println("fault-suite: bad input: " + answered + " of " + total.get()
				+ " answered with a clear error, cluster unchanged (" + repl.get() + " REPL, " + endpoint.get()
				+ " HTTP, " + configuration.get() + " configuration)");
	}

	/**
	 * The configuration errors that need a real {@code java -jar} of the sample: one
	 * property the binder rejects, and one the master's own start rejects (a port in use).
	 * Every other bad property is checked in-process, message for message, by the
	 * auto-configuration module's context-runner tests ({@code ConfigurationFailureAnalysisTests},
	 * {@code ClusterMasterPropertiesTests}, {@code MasterPortTests}, {@code MasterReleasesTests},
	 * {@code HeapOptionsTests}); the table "Bad input" of {@code docs/reliability.md} names
	 * the test of each.
	 */
	static Stream<Arguments> configurationInputs() {
		return Stream.of(
				configuration("size out of range", "cluster.master.size",
						"Reason: size must be a whole number from 0 to 1024, was -1", "--cluster.master.size=-1"),
				configuration("server.port in use", "server.port", "The master could not bind server.port {busy-port}",
						"--server.port={busy-port}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("configurationInputs")
	@Order(1)
	void aBadConfigurationFailsTheMastersStartBeforeAnyWorker(String input, String property, String expected,
			List<String> args) {
		total.incrementAndGet();
		int free = FreePort.find();
		List<String> resolved = args.stream().map(BadInputIT::resolve).toList();
		boolean setsPort = resolved.stream().anyMatch((arg) -> arg.startsWith("--server.port="));
		ClusterProcess master = clusters.start(SampleJar.master()
			.name("bad-config-it")
			.args(Stream.concat(setsPort ? Stream.empty() : Stream.of("--server.port=" + free), resolved.stream())
				.toArray(String[]::new)));
		long started = System.nanoTime();
		assertThat(master.awaitExit(Duration.ofSeconds(60))).as(input).isEqualTo(1);
		long failedAfter = (System.nanoTime() - started) / 1_000_000;
		String text = String.join("\n", master.output());
		assertThat(text).as(input)
			.contains("APPLICATION FAILED TO START")
			.contains(property)
			.contains(resolve(expected));
		// The failure analysis, not a stack trace; no worker started, none left running.
		assertThat(master.output()).as(input).noneMatch((line) -> line.contains("\tat "));
		assertThat(master.events()).as(input).extracting(ClusterEvent::name).doesNotContain("worker-started");
		assertThat(master.survivingDescendants()).as(input).isEmpty();
		System.out.println("bad input: configuration " + input + ": failed in " + failedAfter + " ms with '"
				+ resolve(expected) + "'");
		configuration.incrementAndGet();
	}

	static Stream<Arguments> replInputs() {
		byte[] garbage = new byte[4000];
		new Random(4).nextBytes(garbage);
		for (int i = 0; i < garbage.length; i++) {
			garbage[i] = (garbage[i] == '\n' || garbage[i] == '\r') ? (byte) 0xFF : garbage[i];
		}
		byte[] longLine = new byte[5000];
		Arrays.fill(longLine, (byte) 'x');
		return Stream.of(
				repl("unknown command", "frobnicate", "Unknown command 'frobnicate'; help lists the commands"),
				repl("negative size", "resize -1", RESIZE_EXPECTED + "; got '-1'"),
				repl("size not a number", "resize abc", RESIZE_EXPECTED + "; got 'abc'"),
				repl("size too large", "resize 2000", RESIZE_EXPECTED + "; got '2000'"),
				repl("size not whole", "resize 2.5", RESIZE_EXPECTED + "; got '2.5'"),
				repl("size missing", "resize", RESIZE_EXPECTED),
				repl("resize with a word other than force", "resize 3 please",
						"resize: expected force or nothing after the number of workers, for example: resize 8 force; "
								+ "got 'please'"),
				replMatching("resize beyond the memory budget", "resize 16",
						"resize: Resize to 16 refused: \\(16 workers \\+ a training run\\) .* exceed the 4\\.0 GiB this master sees "
								+ "\\(cluster\\.master\\.memory\\.limit\\); force it to resize anyway"),
				repl("seed syntax without its parenthesis", "resize(4", "Unknown command 'resize(4'; help lists the commands"),
				repl("unterminated double quote", "resize \"2", "Cannot read 'resize \"2': unterminated \" quote"),
				repl("unterminated single quote", "select('pid)", "Cannot read 'select('pid)': unterminated ' quote"),
				repl("unknown select field", "select nosuch",
						"select: unknown field 'nosuch'; the fields are id, slot, pid, state, generation, age, release, requests, inflight, share, threads, heap, rss, gc, errors, p99, heartbeat, recycling"),
				repl("select without a field", "select",
						"select: expected a field; the fields are id, slot, pid, state, generation, age, release, requests, inflight, share, threads, heap, rss, gc, errors, p99, heartbeat, recycling"),
				repl("kill of a worker (kill takes none)", "kill 99", "kill: takes no arguments, got '99' (see kill --help)"),
				repl("stop with an argument", "stop now", "stop: takes no arguments, got 'now' (see stop --help)"),
				repl("argument to a reading command", "size 3", "size: takes no arguments, got '3' (see size --help)"),
				repl("unknown restart option", "restart --force", "restart: unknown option --force (see restart --help)"),
				repl("restart --env without a value", "restart --env",
						"restart: Option '--env' requires a value (see restart --help)"),
				repl("restart --env without =", "restart --env NOVALUE", "restart: expected --env NAME=value, got 'NOVALUE'"),
				repl("malformed seed environment", "restart({A: 1, 'B'})",
						"Cannot read 'restart({A: 1, 'B'})': expected NAME: 'value' in an environment, got ''B''"),
				replMatching("send to a worker that does not exist", "send 99 hello",
						"send: worker 99 is not connected; connected: \\d+, \\d+"),
				repl("send to a worker id that is not a number", "send abc hello", "send: expected a worker id, got 'abc'"),
				repl("broadcast without a message", "broadcast",
						"broadcast: expected a message, for example: broadcast {\"cmd\": \"flush\"}"),
				repl("debug without a text", "debug", "debug: expected a text, for example: debug deploying v2"),
				repl("help of an unknown command", "help nosuch", "help: unknown command 'nosuch'; help lists the commands"),
				repl("control characters", "bo\u0007om\u001b[2J", "Unknown command 'bo?om?[2J'; help lists the commands"),
				replBytes("invalid UTF-8", new byte[] { (byte) 0xC3, '(' },
						Pattern.quote("Unknown command '?('; help lists the commands")),
				replBytes("a line over 4096 bytes", longLine,
						Pattern.quote("Ignored a line of 5000 bytes: a line may have at most 4096")),
				replBytes("binary garbage", garbage, "Unknown command '[^\\n]*'; help lists the commands"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("replInputs")
	@Order(2)
	void aBadReplInputGetsOneLineAndChangesNothing(String input, byte[] line, Pattern expected) {
		total.incrementAndGet();
		String before = awaitSteadyCluster();
		ReplClient session = client();
		session.send(line);
		String answer = session.run("");
		assertThat(answer).as(input).doesNotContain("\n").matches(expected);
		assertThat(answer).as(input).doesNotContainPattern("\\p{Cntrl}");
		assertThat(masterView()).as(input).isEqualTo(before);
		repl.incrementAndGet();
	}

	@Test
	@Order(3)
	void aClientThatLeavesInTheMiddleOfACommandRunsNothing() {
		total.incrementAndGet();
		String before = awaitSteadyCluster();
		int from = cluster.eventCount();
		try (ReplClient leaving = ReplClient.connect(socket)) {
			leaving.send("resize 5".getBytes(StandardCharsets.UTF_8));
		}
		cluster.awaitEvent("repl-client-left", (event) -> event.number("droppedBytes") == 8, from,
				Duration.ofSeconds(10));
		assertThat(masterView()).isEqualTo(before);
		repl.incrementAndGet();
	}

	static Stream<Arguments> httpInputs() {
		return Stream.of(
				post("resize without a body", "resize", null, 400,
						"size is missing: size must be a whole number from 0 to 1024, e.g. {\"size\": 4}"),
				post("resize without size", "resize", "{}", 400, "size is missing: "),
				post("negative size", "resize", "{\"size\": -1}", 400, "size must be a whole number from 0 to 1024, was -1"),
				post("size not a number", "resize", "{\"size\": \"abc\"}", 400,
						"size must be a whole number from 0 to 1024, was \"abc\""),
				post("size not whole", "resize", "{\"size\": 2.5}", 400, "size must be a whole number from 0 to 1024, was 2.5"),
				post("size too large", "resize", "{\"size\": 2000}", 400,
						"size must be a whole number from 0 to 1024, was 2000"),
				post("size in the query not a number", "resize?size=abc", null, 400,
						"size must be a whole number from 0 to 1024, was \"abc\""),
				post("resize beyond the memory budget", "resize", "{\"size\": 16}", 409, "Resize to 16 refused: (16 workers + a training run)"),
				post("force not a boolean", "resize", "{\"size\": 2, \"force\": \"yes\"}", 400,
						"force must be true or false, was \"yes\""),
				post("wait on resize", "resize", "{\"size\": 2, \"wait\": true}", 400, "wait applies to restart only"),
				post("force on quit", "quit", "{\"force\": true}", 400, "force applies to resize only"),
				post("wait on quit", "quit", "{\"wait\": true}", 400, "wait applies to restart only"),
				post("hard not a boolean", "quit", "{\"hard\": \"maybe\"}", 400, "hard must be true or false, was \"maybe\""),
				post("force on restart", "restart", "{\"force\": true}", 400, "force applies to resize only"),
				post("wait not a boolean", "restart", "{\"wait\": \"soon\"}", 400, "wait must be true or false, was \"soon\""),
				post("env not NAME=value", "restart", "{\"env\": \"NOEQUALS\"}", 400,
						"env must be a JSON object of variables in a string"),
				post("env not valid JSON", "restart", "{\"env\": \"{bad json\"}", 400,
						"env must be a JSON object of variables in a string"),
				post("env with a nested value", "restart", "{\"env\": \"{\\\"A\\\": {\\\"b\\\": 1}}\"}", 400,
						"env.A must be a string, a number or a boolean, was {\"b\":1}"),
				post("env as a JSON object", "restart", "{\"env\": {\"A\": \"1\"}}", 400, BODY_EXPECTED),
				post("unknown operation", "explode", "{}", 404, "Unknown operation 'explode'; expected resize, restart, upgrade or quit"),
				post("malformed JSON", "resize", "{\"size\": 2", 400, BODY_EXPECTED + "Unexpected end-of-input"),
				post("JSON that is not an object", "resize", "[1, 2]", 400, BODY_EXPECTED),
				post("a value that is an array", "resize", "{\"size\": [1]}", 400, BODY_EXPECTED),
				request("wrong content type", "POST", "resize", "text/plain", "{\"size\": 2}", 415,
						"Content-Type text/plain is not supported: send Content-Type: application/json"),
				request("no content type", "POST", "resize", null, null, 415,
						"The request has no Content-Type: send Content-Type: application/json"),
				request("GET of an operation", "GET", "resize", null, null, 405, "GET is not supported here"),
				request("POST without an operation", "POST", "", "application/json", "{\"size\": 2}", 405,
						"POST is not supported here: GET reads the cluster"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("httpInputs")
	@Order(4)
	void aBadHttpInputGetsOneMessageAndChangesNothing(String input, String method, String operation,
			@Nullable String contentType, @Nullable String body, int status, String expected) throws Exception {
		total.incrementAndGet();
		String before = awaitSteadyCluster();
		HttpResult result = send(method, "/actuator/cluster" + (operation.isEmpty() ? "" : "/" + operation),
				contentType, body);
		assertThat(result.status()).as(input + ": " + result.describe()).isEqualTo(status);
		JsonNode answer = json.readTree(result.body());
		assertThat(answer.get("status").asInt()).as(input).isEqualTo(status);
		assertThat(answer.get("message").asString()).as(input).startsWith(expected).doesNotContain("\n");
		assertThat(masterView()).as(input).isEqualTo(before);
		endpoint.incrementAndGet();
	}

	@Test
	@Order(5)
	void aRestartWhileOneRunsIsRefusedByTheReplAndTheEndpointAndOnlyTheFirstOneHappens() {
		total.addAndGet(2);
		String before = awaitSteadyCluster();
		int generation = generation(before);
		try (ReplClient restarting = ReplClient.connect(socket)) {
			restarting.send("restart\n".getBytes(StandardCharsets.UTF_8));
			restarting.awaitUnread(Pattern.compile("waiting until it is done"), Duration.ofSeconds(30));
			String refused = client().run("restart");
			assertThat(refused).matches("restart: A rolling restart is already running \\(generation "
					+ (generation + 1) + ", \\d of 2 workers replaced\\)");
			HttpResult conflict = Http.post(port, "/actuator/cluster/restart", "{}");
			assertThat(conflict.status()).as(conflict.describe()).isEqualTo(409);
			assertThat(json.readTree(conflict.body()).get("message").asString())
				.startsWith("A rolling restart is already running (generation " + (generation + 1));
			assertThat(restarting.awaitPrompt()).contains("Rolling restart done: generation " + (generation + 1));
		}
		String after = awaitSteadyCluster();
		assertThat(generation(after)).isEqualTo(generation + 1);
		assertThat(cluster.events()).filteredOn((event) -> event.name().equals("rollout-started")).hasSize(1);
		repl.incrementAndGet();
		endpoint.incrementAndGet();
	}

	private static Arguments configuration(String input, String property, String expected, String... args) {
		return Arguments.of(input, property, expected, List.of(args));
	}

	private static Arguments repl(String input, String line, String expected) {
		return replBytes(input, line.getBytes(StandardCharsets.UTF_8), Pattern.quote(expected));
	}

	private static Arguments replMatching(String input, String line, String expected) {
		return replBytes(input, line.getBytes(StandardCharsets.UTF_8), expected);
	}

	private static Arguments replBytes(String input, byte[] line, String expected) {
		return Arguments.of(input, line, Pattern.compile(expected));
	}

	private static Arguments post(String input, String operation, @Nullable String body, int status, String expected) {
		return request(input, "POST", operation, "application/json", body, status, expected);
	}

	private static Arguments request(String input, String method, String operation, @Nullable String contentType,
			@Nullable String body, int status, String expected) {
		return Arguments.of(input, method, operation, contentType, body, status, expected);
	}

	/** The cluster's port, which is in use. */
	private static String resolve(String text) {
		return text.replace("{busy-port}", Integer.toString(port));
	}

	private static ReplClient client() {
		if (client == null) {
			client = ReplClient.connect(socket);
		}
		return client;
	}

	/** Wait for two ready workers and no rollout, then return the master's view. */
	private static String awaitSteadyCluster() {
		cluster.awaitAnsweringWorkers(port, 2, BOOT);
		String[] view = new String[1];
		await().atMost(BOOT).pollInterval(Duration.ofMillis(200)).until(() -> {
			view[0] = masterView();
			return view[0].contains("workers     2 (2 READY)") && view[0].contains("restarting  no");
		});
		return view[0];
	}

	/** The pool as the master sees it: its workers' pids, size, states, generation and flags. */
	private static String masterView() {
		if (observer == null) {
			observer = ReplClient.connect(socket);
		}
		return observer.run("pids") + "\n" + observer.run("cluster")
			.lines()
			.filter((line) -> STABLE.matcher(line).matches())
			.collect(Collectors.joining("\n"));
	}

	private static int generation(String view) {
		return view.lines()
			.filter((line) -> line.startsWith("generation"))
			.map((line) -> Integer.parseInt(line.substring("generation".length()).trim()))
			.findFirst()
			.orElseThrow();
	}

	private static HttpResult send(String method, String path, @Nullable String contentType, @Nullable String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return HttpResult.of(response.statusCode(), response.body());
	}

}
