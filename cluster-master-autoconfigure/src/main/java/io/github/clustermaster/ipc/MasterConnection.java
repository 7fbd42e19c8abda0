package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.supervisor.WorkerStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A worker's end of the IPC channel: says hello, reports readiness, sends heartbeats from
 * a daemon thread, relays commands and messages, and tells its {@link Listener} when the
 * master asks it to stop, sends it a message or the cluster's status, or is gone (the connection closed, even
 * because the master was SIGKILLed).
 *
 * @author cluster-master
 */
public final class MasterConnection implements Closeable {

	private static final Log logger = LogFactory.getLog(MasterConnection.class);

	/** How often a worker sends a heartbeat. */
	public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	/**
	 * How often a worker sends one while it boots and in its first {@link #YOUNG} after it
	 * said ready (its server may take requests a little before): a rollout's canary is
	 * judged by the outcomes they carry, and each second a broken release waits for the
	 * next heartbeat is a second of its users' failed requests.
	 */
	static final Duration YOUNG_HEARTBEAT_INTERVAL = Duration.ofMillis(100);

	/** How long a worker counts as young: a canary's probation and its window. */
	static final Duration YOUNG = Duration.ofSeconds(15);

	/** When this worker said ready ({@link System#nanoTime()}), or 0 before. */
	private volatile long readyAt;

	/** Fails calls the master does not answer in time; one daemon thread for every connection. */
	private static final ScheduledThreadPoolExecutor timeouts = timeouts();

	private final FrameChannel channel;

	private final int id;

	private final Listener listener;

	private final AtomicLong sequence = new AtomicLong();

	/** Requests sent and not answered yet, of every kind: one sequence numbers them all. */
	private final Map<Long, CompletableFuture<Frame.Answer>> pending = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private volatile boolean lost;

	private MasterConnection(FrameChannel channel, int id, Listener listener) {
		this.channel = channel;
		this.id = id;
		this.listener = listener;
	}

	/**
	 * Prepare this worker, a hot spare, for its promotion before it says ready: the one
	 * {@code promote} frame it reads would otherwise cost tens of milliseconds to decode,
	 * while a worker is missing.
	 */
	public static void preparePromotion() {
		FrameChannel.prepare(new Frame.Promote(0));
	}

	/**
	 * Write and read back, unsent, the frames of a worker's boot: its heartbeat and its
	 * ready, the master's secret and a logger level the master has the worker apply. The
	 * training run of a class-data archive is standalone and meets no master: rehearsed
	 * there, the classes Jackson needs for these frames are in the archive instead of
	 * being loaded from the jars while a worker boots.
	 * @param stats a heartbeat's stats
	 * @return the frames as they were read back
	 */
	public static List<Frame> rehearseBoot(@Nullable WorkerStats stats) {
		List<Frame> frames = List.of(new Frame.Heartbeat(stats), new Frame.Secret("training run"),
				new Frame.Apply(1L, "loggers:name", Map.of("configuredLevel", "INFO")), new Frame.Ready());
		return frames.stream().map(FrameChannel::prepare).toList();
	}

	/**
	 * Connect to the master, say hello and start the reader and heartbeat threads.
	 * @param socket the master's IPC socket
	 * @param id this worker's id
	 * @param listener told about the master's requests and its loss
	 * @return the connection
	 * @throws IOException if the master cannot be reached
	 */
	public static MasterConnection connect(Path socket, int id, Listener listener) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
		MasterConnection connection = new MasterConnection(new FrameChannel(channel), id, listener);
		connection.channel.write(new Frame.Hello(id, ProcessHandle.current().pid()));
		daemon("cluster-master-worker-ipc", connection::read);
		daemon("cluster-master-worker-heartbeat", connection::beat);
		return connection;
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Tell the master this worker's application is ready and accepts connections.
	 */
	public void ready() {
		this.readyAt = System.nanoTime() | 1;
		send(new Frame.Ready());
	}

	/**
	 * Relay a command to the master.
	 * @param command the command
	 * @param timeout how long to wait for the master's answer
	 * @return the master's outcome, or an {@link IpcRequestException} when there is none
	 * @throws FrameTooLargeException if the command is too large; nothing is sent
	 */
	public CompletableFuture<CommandOutcome> command(ClusterCommand command, Duration timeout) {
		return call("command", (seq) -> new Frame.Command(seq, command), Frame.Outcome.class, timeout)
			.thenCompose((answer) -> answered(answer.outcome(), answer.error()));
	}

	/**
	 * Send a message to the master and wait for its reply.
	 * @param message the message
	 * @param timeout how long to wait for the reply
	 * @return the reply, or an {@link IpcRequestException} when there is none
	 * @throws FrameTooLargeException if the message is too large; nothing is sent
	 */
	public CompletableFuture<JsonNode> request(JsonNode message, Duration timeout) {
		return call("message", (seq) -> new Frame.Message(seq, message), Frame.Reply.class, timeout)
			.thenCompose(MasterConnection::payload);
	}

	/**
	 * Send a message to the master, expecting no reply.
	 * @param message the message
	 * @throws FrameTooLargeException if the message is too large; nothing is sent
	 * @throws IOException if the connection to the master is broken
	 */
	public void send(JsonNode message) throws IOException {
		this.channel.write(FrameChannel.encode(new Frame.Message(null, message)));
	}

	/**
	 * Ask the master for the other workers' latest meters: each comes as a
	 * {@link Frame.Metrics} frame to {@link Listener#metricsReceived}, before the answer that
	 * names them.
	 * @param timeout how long to wait for the master's answer
	 * @return the answer, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<Frame.MetricsSent> peerMetrics(Duration timeout) {
		return call("metrics request", Frame.MetricsRequest::new, Frame.MetricsSent.class, timeout);
	}

	/**
	 * Send this worker's meters to the master, which keeps the latest for the other
	 * workers' scrapes.
	 * @param text the meters in the Prometheus text format
	 * @throws FrameTooLargeException if they are too large; nothing is sent
	 * @throws IOException if the connection to the master is broken
	 */
	public void publishMetrics(String text) throws IOException {
		this.channel.write(FrameChannel.encode(new Frame.Metrics(this.id, text)));
	}

	/**
	 * Ask the master to apply an Actuator write operation, which this worker applied, on
	 * every other worker.
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments its arguments
	 * @param timeout how long to wait for the master's answer
	 * @return the master's answer (the workers that applied it and those that could not),
	 * or an {@link IpcRequestException} when there is none
	 * @throws FrameTooLargeException if the request is too large; nothing is sent
	 */
	public CompletableFuture<PoolWriteOutcome> poolWrite(String operation, Map<String, String> arguments, Duration timeout) {
		return call("pool write", (seq) -> new Frame.PoolWrite(seq, operation, arguments), Frame.PoolWritten.class,
				timeout)
			.thenCompose((answer) -> answered(answer.outcome(), answer.error()));
	}

	/**
	 * Relay an Actuator request to another worker through the master.
	 * @param target the id of the worker that is to answer
	 * @param request the request
	 * @param timeout how long to wait for the answer
	 * @return the target's response, or an {@link IpcRequestException} when there is none
	 * @throws FrameTooLargeException if the request is too large; nothing is sent
	 */
	public CompletableFuture<RelayResponse> relay(int target, RelayRequest request, Duration timeout) {
		return call("relay", (seq) -> new Frame.Relay(seq, target, request), Frame.Relayed.class, timeout)
			.thenCompose((answer) -> answered(answer.response(), answer.error()));
	}

	/**
	 * Answer an {@link Frame.Apply} of the master.
	 * @param seq the apply's number
	 * @param error why it was not applied, or {@code null}
	 */
	public void applied(long seq, @Nullable String error) {
		send(new Frame.Applied(seq, error));
	}

	/**
	 * Answer an {@link Frame.Invoke} of the master.
	 * @param seq the invoke's number
	 * @param response the response
	 * @throws FrameTooLargeException if the response is too large; nothing is sent
	 */
	public void invoked(long seq, RelayResponse response) {
		byte[] line = FrameChannel.encode(new Frame.Invoked(seq, response));
		try {
			this.channel.write(line);
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Could not answer the master's invoke " + seq + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * Report this worker's per-process state to the master, once.
	 * @param report the report
	 * @throws FrameTooLargeException if it is too large; nothing is sent
	 * @throws IOException if the connection to the master is broken
	 */
	public void report(Frame.Report report) throws IOException {
		this.channel.write(FrameChannel.encode(report));
	}

	/**
	 * Call the master's HTTP session store.
	 * @param call the call
	 * @param timeout how long to wait for the answer
	 * @return the answer (whose {@code error} may be set), or an
	 * {@link IpcRequestException} when there is none
	 * @throws FrameTooLargeException if the call is too large; nothing is sent
	 */
	public CompletableFuture<Frame.SessionReply> session(SessionCall call, Duration timeout) {
		return call("session call", (seq) -> new Frame.SessionRequest(seq, call), Frame.SessionReply.class, timeout);
	}

	/**
	 * Ask the master for a lease, to renew it or to release it.
	 * @param op {@code acquire}, {@code renew}, {@code release} or {@code release-after}
	 * @param name the lease's name
	 * @param ttl the time to live asked for ({@link Duration#ZERO} for a release)
	 * @param timeout how long to wait for the master's answer
	 * @return the answer, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<Frame.LeaseReply> lease(String op, String name, Duration ttl, Duration timeout) {
		return call("lease request", (seq) -> new Frame.Lease(seq, op, name, ttl.toMillis()), Frame.LeaseReply.class,
				timeout);
	}

	/**
	 * Send a request numbered by this connection's one sequence and await the answer
	 * with the same number, failing it when the master does not answer in time, cannot
	 * be written to, or is gone.
	 */
	private <A extends Frame.Answer> CompletableFuture<A> call(String type, LongFunction<Frame> frame,
			Class<A> answerType, Duration timeout) {
		long seq = this.sequence.incrementAndGet();
		byte[] line = FrameChannel.encode(frame.apply(seq));
		CompletableFuture<Frame.Answer> answer = new CompletableFuture<>();
		if (this.lost || this.closed) {
			answer.completeExceptionally(new IpcRequestException("Worker " + this.id
					+ " has no connection to its master; the " + type + " was not sent", false));
			return answer.thenApply(answerType::cast);
		}
		this.pending.put(seq, answer);
		ScheduledFuture<?> timer = timeouts.schedule(() -> {
			if (this.pending.remove(seq, answer)) {
				answer.completeExceptionally(new IpcRequestException("The master did not answer worker " + this.id
						+ "'s " + type + " within " + timeout.toMillis() + " ms", false));
			}
		}, timeout.toMillis(), TimeUnit.MILLISECONDS);
		// Answered calls take their timer with them: a busy worker makes thousands a second.
		answer.whenComplete((result, failure) -> timer.cancel(false));
		try {
			this.channel.write(line);
		}
		catch (IOException ex) {
			if (this.pending.remove(seq, answer)) {
				answer.completeExceptionally(new IpcRequestException("Worker " + this.id + " could not send a " + type
						+ " to its master: " + ex.getMessage(), false));
			}
		}
		return answer.thenApply(answerType::cast);
	}

	private static ScheduledThreadPoolExecutor timeouts() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "cluster-master-ipc-timeouts");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	/** The answer's value, or its error as an {@link IpcRequestException}. */
	private static <T> CompletableFuture<T> answered(@Nullable T value, @Nullable String error) {
		return (value != null) ? CompletableFuture.completedFuture(value)
				: CompletableFuture.failedFuture(new IpcRequestException(String.valueOf(error), true));
	}

	private static CompletableFuture<JsonNode> payload(Frame.Reply reply) {
		if (reply.error() != null) {
			return CompletableFuture.failedFuture(new IpcRequestException(reply.error(), true));
		}
		return CompletableFuture.completedFuture((reply.payload() != null) ? reply.payload() : NullNode.getInstance());
	}

	private void send(Frame frame) {
		try {
			this.channel.write(frame);
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Could not send " + FrameChannel.type(frame) + " to the master: " + ex.getMessage());
			}
		}
	}

	private void read() {
		try {
			for (Frame frame = this.channel.read(); frame != null; frame = this.channel.read()) {
				try {
					dispatch(frame);
				}
				catch (RuntimeException | LinkageError ex) {
					// One frame's failure (a listener of the application's, a class that does
					// not link) must not cut the link: the worker would exit, saying its
					// master is gone.
					logger.error("Worker " + this.id + " failed to handle a " + FrameChannel.type(frame)
							+ " frame from its master; the connection stays open", ex);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("IPC connection to the master failed: " + ex.getMessage());
		}
		this.lost = true;
		this.pending.keySet().forEach((seq) -> {
			CompletableFuture<Frame.Answer> answer = this.pending.remove(seq);
			if (answer != null) {
				answer.completeExceptionally(new IpcRequestException(
						"The connection of worker " + this.id + " to its master closed before the answer came", false));
			}
		});
		if (!this.closed) {
			this.listener.masterLost();
		}
	}

	private void dispatch(Frame frame) {
		if (frame instanceof Frame.Status status) {
			this.listener.statusReceived(status.status());
		}
		else if (frame instanceof Frame.Answer answer) {
			answered(answer);
		}
		else if (frame instanceof Frame.Message message) {
			this.listener.messageReceived(message.payload());
		}
		else if (frame instanceof Frame.Metrics metrics) {
			this.listener.metricsReceived(metrics.worker(), metrics.text());
		}
		else if (frame instanceof Frame.Shutdown) {
			this.listener.shutdownRequested();
		}
		else if (frame instanceof Frame.Promote promote) {
			this.listener.promoteRequested(promote.slot());
		}
		else if (frame instanceof Frame.Apply apply) {
			this.listener.applyRequested(apply.seq(), apply.operation(), apply.arguments());
		}
		else if (frame instanceof Frame.Invoke invoke) {
			this.listener.invokeRequested(invoke.seq(), invoke.request());
		}
		else if (frame instanceof Frame.Secret secret) {
			this.listener.secretReceived(secret.secret());
		}
		else if (frame instanceof Frame.SessionInvalidate invalidate) {
			// Dropped here, on the thread that reads the answers too: the master answers the
			// call that changed the sessions only after this confirmation.
			this.listener.sessionsInvalidated(invalidate.ids());
			send(new Frame.SessionInvalidated(invalidate.seq()));
		}
		else {
			logger.debug("Ignoring an IPC frame the master should not send: " + FrameChannel.type(frame));
		}
	}

	private void answered(Frame.Answer answer) {
		CompletableFuture<Frame.Answer> request = this.pending.remove(answer.seq());
		if (request == null) {
			logger.debug("Ignoring a late or unknown " + FrameChannel.type(answer) + " " + answer.seq()
					+ " from the master");
			return;
		}
		request.complete(answer);
	}

	private void beat() {
		long last = System.nanoTime();
		while (!this.closed) {
			try {
				Thread.sleep(YOUNG_HEARTBEAT_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
			long now = System.nanoTime();
			long ready = this.readyAt;
			boolean young = ready == 0 || now - ready < YOUNG.toNanos();
			if (young || now - last >= HEARTBEAT_INTERVAL.toNanos() - YOUNG_HEARTBEAT_INTERVAL.toNanos() / 2) {
				send(new Frame.Heartbeat(stats()));
				last = now;
			}
		}
	}

	private @Nullable WorkerStats stats() {
		try {
			return this.listener.stats();
		}
		catch (RuntimeException | LinkageError ex) {
			// The heartbeat goes without them: a worker that cannot count is still alive.
			logger.debug("Worker " + this.id + " could not read its stats: " + ex);
			return null;
		}
	}

	/**
	 * This worker's id.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.channel.close();
	}

	/**
	 * What a worker does when the master speaks or disappears. Called on the IPC thread.
	 */
	public interface Listener {

		/** The master asks this worker to stop gracefully. */
		void shutdownRequested();

		/** The connection to the master is gone: the worker must not outlive it. */
		void masterLost();

		/**
		 * The master promotes this hot spare: it starts accepting from the shared socket.
		 * Called on the IPC thread.
		 * @param slot the slot it takes
		 */
		default void promoteRequested(int slot) {
		}

		/**
		 * The master sent a message. Called on the IPC thread: hand it on quickly.
		 * @param message the message
		 */
		default void messageReceived(JsonNode message) {
		}

		/**
		 * The master pushed the cluster's status. Called on the IPC thread: keep it quick.
		 * @param status the status
		 */
		default void statusReceived(ClusterDescriptor status) {
		}

		/**
		 * The master forwarded another worker's meters. Called on the IPC thread: keep it
		 * quick.
		 * @param worker the id of the worker whose meters these are
		 * @param text the meters in the Prometheus text format
		 */
		default void metricsReceived(int worker, String text) {
		}

		/**
		 * The master asks this worker to apply an Actuator write operation another worker
		 * was asked for. Called on the IPC thread: hand it on quickly; answer with
		 * {@link MasterConnection#applied} when {@code seq} is not {@code null}.
		 * @param seq the number to answer with, or {@code null}
		 * @param operation the operation, {@code endpoint:parameter,parameter}
		 * @param arguments its arguments
		 */
		default void applyRequested(@Nullable Long seq, String operation, Map<String, String> arguments) {
		}

		/**
		 * The master relays an Actuator request to this worker. Called on the IPC thread:
		 * hand it on quickly; answer with {@link MasterConnection#invoked}.
		 * @param seq the number to answer with
		 * @param request the request
		 */
		default void invokeRequested(long seq, RelayRequest request) {
		}

		/**
		 * The master handed out the pool's secret (right after {@code hello}). Called on the
		 * IPC thread: keep it quick.
		 * @param secret the secret's text
		 */
		default void secretReceived(String secret) {
		}

		/**
		 * Another worker changed or deleted sessions this worker may keep copies of: drop
		 * them before this returns (the master then confirms the change to the other
		 * worker). Called on the IPC thread: keep it quick.
		 * @param ids the sessions' ids; empty for every session
		 */
		default void sessionsInvalidated(List<String> ids) {
		}

		/**
		 * This worker's load and memory, sent with each heartbeat. Called on the heartbeat
		 * thread once a second: keep it quick.
		 * @return the stats, or {@code null} when there are none
		 */
		default @Nullable WorkerStats stats() {
			return null;
		}

	}

}
