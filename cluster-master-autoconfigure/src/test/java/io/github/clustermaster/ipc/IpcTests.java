package io.github.clustermaster.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.control.WorkerDescriptor;
import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLink;
import io.github.clustermaster.supervisor.WorkerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcServer} and {@link MasterConnection} over a real UNIX socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpcTests {

	private final RecordingEvents events = new RecordingEvents();

	/** What the recording listener says of itself with each heartbeat. */
	static final WorkerStats STATS = new WorkerStats(1234, 3, 5, 200, 40L << 20, 256L << 20, 180L << 20, 120, 7);

	private final RecordingListener listener = new RecordingListener();

	private final RecordingRequests requests = new RecordingRequests();

	private final JsonMapper mapper = JsonMapper.builder().build();

	private IpcServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(this.events, this.requests);
	}

	@AfterEach
	void closeServer() throws IOException {
		this.server.close();
	}

	@Test
	void theSocketLivesInADirectoryOnlyItsUserMayEnter() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.server.socket().getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aWorkerSaysHelloReportsReadyAndSendsHeartbeats() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 7, this.listener)) {
			connection.ready();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.events.log.containsAll(
						List.of("connected 7 " + ProcessHandle.current().pid(), "ready 7", "heartbeat 7")));
		}
		assertThat(this.events.stats).isEqualTo(STATS);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.log.contains("disconnected 7"));
		assertThat(this.listener.lost).isFalse();
	}

	@Test
	void aWorkerAnsweringAScrapeGetsTheOtherConnectedWorkersLatestMetersFromTheMaster() throws Exception {
		RecordingListener second = new RecordingListener();
		try (MasterConnection one = MasterConnection.connect(this.server.socket(), 1, this.listener);
				MasterConnection two = MasterConnection.connect(this.server.socket(), 2, second)) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.events.log.containsAll(List.of("connected 1 " + ProcessHandle.current().pid(),
						"connected 2 " + ProcessHandle.current().pid())));
			one.publishMetrics("up{worker=\"1\"} 1.0\n");
			one.publishMetrics("up{worker=\"1\"} 2.0\n");
			await().atMost(Duration.ofSeconds(5)).until(() -> two.peerMetrics(Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS)
				.workers()
				.equals(List.of(1)));
			// Kept by the master, not pushed: each arrives in answer to a request, the latest
			assertThat(second.metrics).last().isEqualTo("1: up{worker=\"1\"} 2.0\n");
			assertThat(one.peerMetrics(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS).workers())
				.as("not its own")
				.isEmpty();
			assertThat(this.listener.metrics).isEmpty();
			one.close();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> two.peerMetrics(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS).workers().isEmpty());
		}
	}

	@Test
	void theMasterHandsItsSecretToEachWorkerBeforeAnythingElseAndReceivesTheirReports() throws IOException {
		List<String> reports = new CopyOnWriteArrayList<>();
		this.server.onReport((id, report) -> reports.add(id + ": " + report));
		this.server.handOutSecret("the-pool-secret-of-this-test");
		this.server.pushStatus(cluster(2));
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.listener.arrivals.size() >= 2);
			assertThat(this.listener.arrivals).startsWith("secret the-pool-secret-of-this-test", "status");
			connection.report(new Frame.Report(
					List.of(io.github.clustermaster.pool.PerProcessState.LOCAL_CACHE.warning("a cache")), "user"));
			await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
			assertThat(reports.get(0)).startsWith("4: Report[warnings=[PoolWarning[kind=local-cache, message=Each "
					+ "worker has its own cache (a cache)").endsWith("generatedPasswordUser=user]");
		}
	}

	@Test
	void theMasterAsksAWorkerToShutDown() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 1, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.link != null);
			assertThat(this.events.link.requestShutdown()).isTrue();
			await().atMost(Duration.ofSeconds(5)).untilTrue(this.listener.shutdown);
		}
	}

	@Test
	void aWorkerLearnsThatItsMasterIsGone() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 2, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.link != null);
			this.server.close();
			await().atMost(Duration.ofSeconds(2)).untilTrue(this.listener.lostFlag);
		}
	}

	@Test
	void aConnectionThatDoesNotStartWithHelloIsClosed() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			channel.write(ByteBuffer.wrap("{\"type\":\"ready\"}\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
		assertThat(this.events.log).isEmpty();
	}

	@Test
	void garbageEndsOnlyThatConnection() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			channel.write(ByteBuffer.wrap("\u0000\u00ff not json\n".getBytes(StandardCharsets.ISO_8859_1)));
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 3, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.log.contains("connected 3 " + ProcessHandle.current().pid()));
		}
	}

	@Test
	void anOversizedFrameEndsThatConnection() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			byte[] big = new byte[FrameChannel.MAX_FRAME_BYTES + 10];
			java.util.Arrays.fill(big, (byte) 'x');
			ByteBuffer buffer = ByteBuffer.wrap(big);
			try {
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
			}
			catch (IOException ex) {
				// the server may close before all is written
			}
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
	}

	@Test
	void aCommandIsAnsweredWithTheMastersReply() throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			CommandOutcome answer = connection.command(new ClusterCommand.Status(), Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS);
			assertThat(answer).isEqualTo(new CommandOutcome(Outcome.DONE, "answered status", cluster(2)));
			assertThat(this.requests.commands).containsExactly("4 Status[]");
		}
	}

	@Test
	void aCommandSentByAnInterruptedThreadKeepsTheConnection() throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			CompletableFuture<CommandOutcome> answer;
			Thread.currentThread().interrupt();
			try {
				answer = connection.command(new ClusterCommand.Status(), Duration.ofSeconds(5));
				assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
			}
			finally {
				Thread.interrupted();
			}
			assertThat(answer.get(5, TimeUnit.SECONDS).message()).isEqualTo("answered status");
			assertThat(connection.command(new ClusterCommand.Status(), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
				.isNotNull();
			assertThat(this.listener.lost).isFalse();
		}
	}

	@Test
	void aFailedCommandIsAnsweredWithItsMessage() throws IOException {
		this.requests.failWith = "A rolling restart is already running";
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			CompletableFuture<CommandOutcome> answer = connection.command(new ClusterCommand.Restart(null), Duration.ofSeconds(5));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(IpcRequestException.class)
				.withMessage("A rolling restart is already running")
				.matches((ex) -> ((IpcRequestException) ex).isAnswered());
		}
	}

	@Test
	void aCommandTheMasterDoesNotAnswerFailsAfterTheTimeoutSayingSo() throws IOException {
		this.requests.silent = true;
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			CompletableFuture<CommandOutcome> answer = connection.command(new ClusterCommand.Status(), Duration.ofMillis(300));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(IpcRequestException.class)
				.withMessage("The master did not answer worker 4's command within 300 ms");
		}
	}

	@Test
	void aPendingCommandFailsWhenTheMasterGoesAway() throws IOException {
		this.requests.silent = true;
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, this.listener)) {
			CompletableFuture<CommandOutcome> answer = connection.command(new ClusterCommand.Status(), Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.requests.commands.isEmpty());
			this.server.close();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
				.havingCause()
				.withMessageContaining("closed before the answer came");
		}
	}

	@Test
	void messagesTravelBothWaysAndAMessageWithASeqIsAnswered() throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 5, this.listener)) {
			connection.send(json("hello", "master"));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.messages.contains("5 null {\"hello\":\"master\"}"));
			CompletableFuture<JsonNode> reply = connection.request(json("ping", "1"), Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.messages.size() == 2);
			long seq = Long.parseLong(this.requests.messages.get(1).split(" ")[1]);
			assertThat(this.server.reply(5, seq, json("pong", "1"), null)).isTrue();
			assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(json("pong", "1"));
			assertThat(this.server.send(5, json("to", "five"))).isTrue();
			assertThat(this.server.broadcast(json("to", "all"))).containsExactly(5);
			assertThat(this.server.send(6, json("to", "six"))).isFalse();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.listener.messages.equals(List.of(json("to", "five"), json("to", "all"))));
		}
	}

	@Test
	void anOversizedMessageIsRefusedBeforeItIsWrittenAndTheConnectionKeepsWorking() throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 6, this.listener)) {
			JsonNode big = json("text", "x".repeat(FrameChannel.MAX_FRAME_BYTES));
			assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> connection.send(big))
				.withMessageContaining("over the IPC limit of 1048576 bytes; nothing was sent");
			assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> this.server.broadcast(big));
			connection.send(json("still", "here"));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.requests.messages.contains("6 null {\"still\":\"here\"}"));
			assertThat(this.listener.lost).isFalse();
		}
	}

	@Test
	void aHandlerThatThrowsIsAnsweredWithAnErrorAndTheWorkerKeepsItsLink(CapturedOutput output) throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 8, this.listener)) {
			this.requests.throwing = new NoClassDefFoundError("io/github/clustermaster/Missing");
			CompletableFuture<CommandOutcome> linkage = connection.command(new ClusterCommand.Status(), Duration.ofSeconds(5));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> linkage.get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(IpcRequestException.class)
				.withMessage("io/github/clustermaster/Missing");
			this.requests.throwing = new IllegalStateException("handler bug");
			CompletableFuture<CommandOutcome> runtime = connection.command(new ClusterCommand.Resize(3), Duration.ofSeconds(5));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> runtime.get(5, TimeUnit.SECONDS))
				.havingCause()
				.withMessage("handler bug");
			this.requests.throwing = null;
			assertThat(connection.command(new ClusterCommand.Status(), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)
				.message()).isEqualTo("answered status");
			assertThat(this.listener.lost).isFalse();
			assertThat(this.events.log).doesNotContain("disconnected 8");
			assertThat(output).contains("Handling a request of worker 8 failed: Command[seq=1, command=Status[]]");
		}
	}

	@Test
	void aWorkerGetsTheLatestStatusRightAfterHelloAndEveryPushAfter() throws IOException {
		this.server.pushStatus(cluster(2));
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 9, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.listener.statuses.equals(List.of(cluster(2))));
			this.server.pushStatus(cluster(3));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.listener.statuses.equals(List.of(cluster(2), cluster(3))));
		}
	}

	@Test
	void everyFrameIsOneLineOfJsonNamedByItsTypeAndReadsBack() {
		for (Frame frame : new Frame[] { new Frame.Hello(3, 4242), new Frame.Ready(), new Frame.Heartbeat(null), new Frame.Heartbeat(STATS), new Frame.Metrics(2, "up 1.0\n"), new Frame.MetricsRequest(7), new Frame.MetricsSent(7, List.of(1, 3)),
				new Frame.Shutdown(), new Frame.Command(1, new ClusterCommand.Status()),
				new Frame.Command(2, new ClusterCommand.Restart(java.util.Map.of("A", "1"), true)),
				new Frame.Outcome(1, new CommandOutcome(Outcome.STARTED, "Resizing", cluster(3)), null),
				new Frame.Outcome(2, null, "failed"),
				new Frame.PoolWrite(3, "loggers:configuredLevel,name", java.util.Map.of("name", "com.example")),
				new Frame.Apply(null, "loggers:configuredLevel,name", java.util.Map.of("name", "com.example")),
				new Frame.PoolWritten(3, new PoolWriteOutcome(List.of(2), java.util.Map.of(3, "no such logger")), null),
				new Frame.PoolWritten(4, null, "the master failed"),
				new Frame.Relay(5, 2, new RelayRequest("POST", "loggers", "com.example",
						java.util.Map.of("a", List.of("1", "2")), json("configuredLevel", "DEBUG"), "application/json",
						"alice", List.of("ROLE_ADMIN"))),
				new Frame.Relay(6, 2, RelayRequest.of("GET", "threaddump", "", null)),
				new Frame.Relayed(5, RelayResponse.error(404, "There is no worker 9"), null),
				new Frame.Relayed(6, null, "The master failed"),
				new Frame.Invoke(7, RelayRequest.of("GET", "health", "liveness", "text/plain")),
				new Frame.Invoked(7, new RelayResponse(200, "application/octet-stream", null, "AAEC")),
				new Frame.Invoked(8, RelayResponse.bodiless(204)),
				new Frame.Message(null, json("a", "b")), new Frame.Message(2L, json("a", "b")),
				new Frame.Reply(2, null, "no"), new Frame.Status(cluster(2)) }) {
			String line = new String(FrameChannel.encode(frame), StandardCharsets.UTF_8);
			assertThat(line).endsWith("\n").startsWith("{\"type\":\"" + FrameChannel.type(frame) + "\"");
			assertThat(line.trim().lines()).hasSize(1);
			assertThat(this.mapper.readValue(line, Frame.class)).isEqualTo(frame);
		}
		assertThat(new String(FrameChannel.encode(new Frame.Hello(3, 4242)), StandardCharsets.UTF_8))
			.isEqualTo("{\"type\":\"hello\",\"id\":3,\"pid\":4242}\n");
		assertThat(this.mapper.readValue("{\"type\":\"from-a-later-version\",\"x\":1}", Frame.class))
			.isInstanceOf(Frame.Unknown.class);
	}

	private static JsonNode json(String name, String value) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put(name, value);
		return node;
	}

	private SocketChannel rawConnection() throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.server.socket()));
		return channel;
	}

	static class RecordingEvents implements WorkerEvents {

		final List<String> log = new CopyOnWriteArrayList<>();

		volatile WorkerLink link;

		@Override
		public void connected(int id, long pid, WorkerLink link) {
			this.link = link;
			this.log.add("connected " + id + " " + pid);
		}

		@Override
		public void ready(int id) {
			this.log.add("ready " + id);
		}

		volatile @Nullable WorkerStats stats;

		@Override
		public void heartbeat(int id, @Nullable WorkerStats stats) {
			this.stats = stats;
			if (!this.log.contains("heartbeat " + id)) {
				this.log.add("heartbeat " + id);
			}
		}

		@Override
		public void disconnected(int id) {
			this.log.add("disconnected " + id);
		}

	}

	@Test
	void aStatusWithEveryPartReadsBackWhole() {
		io.github.clustermaster.supervisor.RequestOutcomes outcomes = new io.github.clustermaster.supervisor.RequestOutcomes(
				new io.github.clustermaster.supervisor.RequestOutcomes.Counts(10, 1, 2, 3, 4),
				io.github.clustermaster.supervisor.RequestOutcomes.Counts.NONE, 5000, 1.5, 20.0);
		WorkerStats stats = new WorkerStats(10, 1, 2, 200, 1L << 20, 2L << 20, 3L << 20, 4, 5, outcomes);
		io.github.clustermaster.supervisor.CanaryReport canary = new io.github.clustermaster.supervisor.CanaryReport(
				io.github.clustermaster.supervisor.CanaryReport.Verdict.SLOWER, "slower",
				new io.github.clustermaster.supervisor.CanaryReport.Side(1, 100, 0, 2.0, 30.0),
				new io.github.clustermaster.supervisor.CanaryReport.Side(2, 200, 1, null, null));
		ClusterDescriptor status = new ClusterDescriptor(42, 2, 1, 3, true, true, false, true,
				List.of(new WorkerDescriptor(1, 0, 101, "READY", "PT5S", 3, 1, "1a2b3c4d5e6f", stats,
						"2026-12-07T20:00:00Z", 0.5, "its heap")),
				new ClusterDescriptor.Counters(1, 2, 3, 4, 4000, 1000, 1500, 1),
				new ClusterDescriptor.ReleaseDescriptor("1a2b3c4d5e6f", "1a2b", "/srv/app.jar", "2026-12-07T19:00:00Z"),
				null, new ClusterDescriptor.RolloutDescriptor(3, false, 1, 2, 1, "2026-12-07T20:00:00Z", null),
				new ClusterDescriptor.OutcomeDescriptor(2, "ABORTED", "aborted", 0, 1200, "2026-12-07T19:59:00Z",
						"1a2b3c4d5e6f", canary),
				7, new io.github.clustermaster.control.SessionsDescriptor(1, 100, 1000, 0, 0),
				List.of(new ClusterDescriptor.LeaseDescriptor("scheduling", 1, 101, "2026-12-07T20:00:00Z",
						"2026-12-07T20:00:10Z")),
				List.of(io.github.clustermaster.pool.PerProcessState.LOCAL_CACHE.warning("a cache")));
		Frame.Status frame = new Frame.Status(status);
		byte[] line = FrameChannel.encode(frame);
		assertThat(this.mapper.readValue(line, 0, line.length - 1, Frame.class)).isEqualTo(frame);
	}

	/** A cluster of {@code size} ready workers, as the master describes it. */
	static ClusterDescriptor cluster(int size) {
		List<WorkerDescriptor> workers = java.util.stream.IntStream.rangeClosed(1, size)
			.mapToObj((id) -> new WorkerDescriptor(id, id - 1, 100 + id, "READY", "PT5S", 1, 0, null, null, null, null,
					null))
			.toList();
		return new ClusterDescriptor(42, size, size, 1, false, false, false, false, workers,
				new ClusterDescriptor.Counters(1, 2, 3, 4, 4000, 1000, 1500, 0), null, null, null, null, 3, null, null,
				null);
	}

	static class RecordingRequests implements WorkerRequests {

		final List<String> commands = new CopyOnWriteArrayList<>();

		final List<String> messages = new CopyOnWriteArrayList<>();

		volatile @Nullable String failWith;

		volatile boolean silent;

		volatile @Nullable Throwable throwing;

		@Override
		public CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command) {
			this.commands.add(worker + " " + command);
			Throwable throwing = this.throwing;
			if (throwing instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (throwing instanceof Error error) {
				throw error;
			}
			if (this.silent) {
				return new CompletableFuture<>();
			}
			if (this.failWith != null) {
				return CompletableFuture.failedFuture(new IllegalStateException(this.failWith));
			}
			return CompletableFuture
				.completedFuture(new CommandOutcome(Outcome.DONE, "answered " + command.operation(), cluster(2)));
		}

		@Override
		public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
			this.messages.add(worker + " " + seq + " " + message);
		}

	}

	static class RecordingListener implements MasterConnection.Listener {

		final List<JsonNode> messages = new CopyOnWriteArrayList<>();

		final List<ClusterDescriptor> statuses = new CopyOnWriteArrayList<>();

		final List<String> metrics = new CopyOnWriteArrayList<>();

		/** The secret and the statuses, in the order they came. */
		final List<String> arrivals = new CopyOnWriteArrayList<>();

		@Override
		public void secretReceived(String secret) {
			this.arrivals.add("secret " + secret);
		}

		@Override
		public void metricsReceived(int worker, String text) {
			this.metrics.add(worker + ": " + text);
		}

		@Override
		public void messageReceived(JsonNode message) {
			this.messages.add(message);
		}

		@Override
		public void statusReceived(ClusterDescriptor status) {
			this.statuses.add(status);
			this.arrivals.add("status");
		}

		@Override
		public WorkerStats stats() {
			return STATS;
		}

		final AtomicBoolean shutdown = new AtomicBoolean();

		final AtomicBoolean lostFlag = new AtomicBoolean();

		volatile boolean lost;

		@Override
		public void shutdownRequested() {
			this.shutdown.set(true);
		}

		@Override
		public void masterLost() {
			this.lost = true;
			this.lostFlag.set(true);
		}

	}

}
