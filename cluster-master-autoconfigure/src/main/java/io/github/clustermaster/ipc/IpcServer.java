package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.lease.LeaseAnswer;
import io.github.clustermaster.lease.LeaseTable;
import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.FileSystemUtils;

/**
 * The master's end of the IPC channel: a UNIX domain socket in a fresh directory that only
 * the master's user may enter (mode 0700, see {@link IpcDirectories}), one connection and one reader thread per
 * worker. Lifecycle frames become {@link WorkerEvents}; commands and messages go to
 * {@link WorkerRequests}; the master sends messages and replies with {@link #send},
 * {@link #broadcast} and {@link #reply}, and the cluster's status with
 * {@link #pushStatus}. Lease requests are answered on the worker's own thread from the
 * {@link #leases() lease table}, which frees a worker's leases when its connection closes.
 * A request whose handling fails is answered with an error and
 * logged; it never closes the worker's connection.
 *
 * @author cluster-master
 */
public final class IpcServer implements Closeable {

	private static final Log logger = LogFactory.getLog(IpcServer.class);

	/** The socket's name in the master's private directory. */
	public static final String SOCKET_NAME = "ipc.sock";

	private final Path directory;

	private final Path socket;

	private final ServerSocketChannel server;

	private volatile @Nullable WorkerEvents events;

	private volatile WorkerRequests requests = WorkerRequests.NONE;

	private volatile SessionRequests sessions = SessionRequests.NONE;

	private final Set<FrameChannel> connections = ConcurrentHashMap.newKeySet();

	/** The connections that said hello, by worker id. */
	private final Map<Integer, FrameChannel> workers = new ConcurrentHashMap<>();

	/** Each connected worker's latest meters, as encoded frames for the other workers. */
	private final Map<Integer, byte[]> metrics = new ConcurrentHashMap<>();

	/** The pool's secret, encoded: the first frame a worker gets after its hello. */
	private volatile byte @Nullable [] secret;

	/** Where the workers' reports go. */
	private volatile BiConsumer<Integer, Frame.Report> reports = (id, report) -> {
	};

	/** The latest status pushed, encoded: the first frame a worker gets after its hello. */
	private volatile byte @Nullable [] status;

	private volatile boolean closed;

	private final LeaseTable leases = new LeaseTable();

	private final SessionInvalidations invalidations = new SessionInvalidations();

	private IpcServer(Path directory) throws IOException {
		this.directory = directory;
		this.socket = directory.resolve(SOCKET_NAME);
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(this.socket));
	}

	/**
	 * Create the private directory and bind the socket; nothing is accepted before
	 * {@link #serve(WorkerEvents)}, but workers may already connect.
	 * @return the bound server
	 * @throws IOException if the socket cannot be created
	 */
	public static IpcServer bind() throws IOException {
		return new IpcServer(IpcDirectories.create());
	}

	/**
	 * Prepare this master to promote hot spares ({@code cluster.master.spares}), once, at
	 * its start: the first {@code promote} frame it writes would otherwise cost tens of
	 * milliseconds more than the next, while a worker is missing.
	 */
	public static void preparePromotions() {
		FrameChannel.prepare(new Frame.Promote(0));
	}

	/**
	 * Start accepting workers.
	 * @param events where the workers' frames go
	 */
	public void serve(WorkerEvents events) {
		serve(events, WorkerRequests.NONE);
	}

	/**
	 * Start accepting workers.
	 * @param events where the workers' lifecycle frames go
	 * @param requests where their commands and messages go
	 */
	public synchronized void serve(WorkerEvents events, WorkerRequests requests) {
		if (this.events == null) {
			this.requests = requests;
			this.events = events;
			Thread acceptor = new Thread(this::accept, "cluster-master-ipc");
			acceptor.setDaemon(true);
			acceptor.start();
		}
	}

	/**
	 * Answer the workers' calls on the HTTP session store with the given store, on each
	 * worker's IPC thread.
	 * @param sessions the store
	 */
	public void serveSessions(SessionRequests sessions) {
		this.sessions = sessions;
	}

	/**
	 * The socket's path, given to workers in their environment.
	 * @return the path
	 */
	public Path socket() {
		return this.socket;
	}

	private void accept() {
		while (!this.closed) {
			try {
				SocketChannel channel = this.server.accept();
				Thread reader = new Thread(() -> serve(new FrameChannel(channel)), "cluster-master-ipc-worker");
				reader.setDaemon(true);
				reader.start();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("IPC accept failed: " + ex.getMessage());
				}
			}
		}
	}

	private void serve(FrameChannel channel) {
		WorkerEvents events = Objects.requireNonNull(this.events);
		int id = -1;
		this.connections.add(channel);
			byte[] secret = this.secret;
			if (secret != null) {
				write(channel, id, secret);
			}
		try (channel) {
			Frame first = channel.read();
			if (first instanceof Frame.SessionRequest request) {
				serveStoreLink(channel, request);
				return;
			}
			if (!(first instanceof Frame.Hello hello)) {
				logger.warn("IPC connection closed: expected a hello frame first, got " + first);
				return;
			}
			id = hello.id();
			long pid = hello.pid();
			Thread.currentThread().setName("cluster-master-ipc-worker-" + id);
			this.workers.put(id, channel);
			events.connected(id, pid, new Link(channel, id, this.leases));
			byte[] status = this.status;
			if (status != null) {
				write(channel, id, status);
			}
			for (Frame greeting : this.requests.greeting(id)) {
				write(channel, id, greeting);
			}
			for (Frame frame = channel.read(); frame != null; frame = channel.read()) {
				try {
					dispatch(events, id, pid, channel, frame);
				}
				catch (RuntimeException | LinkageError ex) {
					failed(channel, id, frame, ex);
				}
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("IPC connection of worker " + id + " ended: " + ex.getMessage());
			}
		}
		finally {
			this.connections.remove(channel);
			if (id >= 0) {
				this.workers.remove(id, channel);
				if (!this.workers.containsKey(id)) {
					this.metrics.remove(id);
					this.leases.disconnected(id);
					this.invalidations.disconnected(id);
				}
				events.disconnected(id);
			}
		}
	}

	private void dispatch(WorkerEvents events, int id, long pid, FrameChannel channel, Frame frame) {
		if (frame instanceof Frame.Heartbeat heartbeat) {
			events.heartbeat(id, heartbeat.stats());
		}
		else if (frame instanceof Frame.Ready) {
			events.ready(id);
		}
		else if (frame instanceof Frame.Command command) {
			command(id, channel, command);
		}
		else if (frame instanceof Frame.Message message) {
			this.requests.message(id, pid, message.payload(), message.seq());
		}
		else if (frame instanceof Frame.Metrics metrics) {
			keepMetrics(id, metrics.text());
		}
		else if (frame instanceof Frame.MetricsRequest request) {
			sendMetrics(id, channel, request.seq());
		}
		else if (frame instanceof Frame.SessionRequest request) {
			session(id, channel, request);
		}
		else if (frame instanceof Frame.SessionInvalidated invalidated) {
			this.invalidations.confirmed(invalidated.seq());
		}
		else if (frame instanceof Frame.Lease lease) {
			lease(id, pid, channel, lease);
		}
		else if (frame instanceof Frame.Report report) {
			this.reports.accept(id, report);
		}
		else if (frame instanceof Frame.PoolWrite write) {
			answer(id, channel, write, write.seq(), this.requests.poolWrite(id, write.operation(), write.arguments()),
					(outcome) -> new Frame.PoolWritten(write.seq(), outcome, null));
		}
		else if (frame instanceof Frame.Applied applied) {
			this.requests.applied(id, applied.seq(), applied.error());
		}
		else if (frame instanceof Frame.Relay relay) {
			answer(id, channel, relay, relay.seq(), this.requests.relay(id, relay.target(), relay.request()),
					(response) -> new Frame.Relayed(relay.seq(), response, null));
		}
		else if (frame instanceof Frame.Invoked invoked) {
			this.requests.invoked(id, invoked.seq(), invoked.response());
		}
		else {
			logger.warn("Ignoring an IPC frame worker " + id + " should not send: " + FrameChannel.type(frame));
		}
	}

	private void command(int id, FrameChannel channel, Frame.Command command) {
		answer(id, channel, command, command.seq(), this.requests.command(id, command.command()),
				(outcome) -> new Frame.Outcome(command.seq(), outcome, null));
	}

	private <T> void answer(int id, FrameChannel channel, Frame request, long seq, CompletableFuture<T> answer,
			Function<T, Frame> frame) {
		answer.whenComplete((result, ex) -> {
			if (ex != null) {
				failed(channel, id, request, unwrap(ex), seq);
				return;
			}
			try {
				write(channel, id, frame.apply(result));
			}
			catch (FrameTooLargeException tooLarge) {
				write(channel, id, error(request, seq, tooLarge.getMessage()));
			}
		});
	}

	/** The answer of the request's kind that says it failed. */
	private static Frame error(Frame request, long seq, String error) {
		if (request instanceof Frame.Command) {
			return new Frame.Outcome(seq, null, error);
		}
		if (request instanceof Frame.PoolWrite) {
			return new Frame.PoolWritten(seq, null, error);
		}
		if (request instanceof Frame.Relay) {
			return new Frame.Relayed(seq, null, error);
		}
		return new Frame.Reply(seq, null, error);
	}

	/**
	 * A session call is answered on this worker's IPC thread (the store is in memory), and
	 * at once unless it made other workers' copies of the session stale: then once they
	 * dropped them ({@link SessionInvalidations}). A call that fails is answered with its
	 * error.
	 */
	private void session(int id, FrameChannel channel, Frame.SessionRequest request) {
		SessionCall call = request.call();
		SessionAnswer answer;
		try {
			answer = this.sessions.answer(id, call);
		}
		catch (RuntimeException ex) {
			logger.debug("Worker " + id + "'s session call failed: " + ex);
			reply(channel, id, new Frame.SessionReply(request.seq(), null,
					(ex.getMessage() != null) ? ex.getMessage() : "The master's session store failed with " + ex));
			return;
		}
		Frame.SessionReply reply = new Frame.SessionReply(request.seq(), answer.session(), null, answer.cacheable());
		if (answer.stale().isEmpty()) {
			reply(channel, id, reply);
			return;
		}
		List<String> ids = (call.previousId() != null) ? List.of(call.id(), call.previousId()) : List.of(call.id());
		this.invalidations.invalidate(answer.stale(), ids, this.workers::get)
			.whenComplete((done, ex) -> reply(channel, id, reply));
	}

	private void reply(FrameChannel channel, int id, Frame.SessionReply reply) {
		try {
			write(channel, id, reply);
		}
		catch (FrameTooLargeException tooLarge) {
			write(channel, id, new Frame.SessionReply(reply.seq(), null, tooLarge.getMessage()));
		}
	}

	/**
	 * Have every connected worker drop its copies of sessions, and wait until each
	 * confirmed, left or timed out: before the store moves to another master, which
	 * could not invalidate them.
	 */
	public void invalidateAllSessions() {
		this.invalidations.invalidate(connectedWorkers(), List.of(), this.workers::get).join();
	}

	/**
	 * A connection that starts with a session call comes from another master during an
	 * upgrade ({@link SessionStoreLink}): the new one relaying its workers' calls before it
	 * takes over, or the old one relaying its own after it handed the store over. Only
	 * session calls are answered on it.
	 */
	private void serveStoreLink(FrameChannel channel, Frame.SessionRequest first) throws IOException {
		Thread.currentThread().setName("cluster-master-ipc-store-link");
		for (Frame frame = first; frame != null; frame = channel.read()) {
			if (!(frame instanceof Frame.SessionRequest request)) {
				logger.warn("Ignoring an IPC frame a master's store link should not send: " + FrameChannel.type(frame));
				continue;
			}
			if (request.call().op() == SessionCall.Op.HAND_OVER) {
				handOver(channel, request);
			}
			else {
				session(0, channel, request);
			}
		}
	}

	private void handOver(FrameChannel channel, Frame.SessionRequest request) throws IOException {
		long seq = request.seq();
		try {
			for (SessionData session : this.sessions.handOver(java.nio.file.Path.of(request.call().id()))) {
				try {
					channel.write(FrameChannel.encode(new Frame.SessionReply(seq, session, null)));
				}
				catch (FrameTooLargeException ex) {
					logger.warn("A session too large for one frame was not handed over: " + ex.getMessage());
				}
			}
			channel.write(new Frame.SessionReply(seq, null, null));
		}
		catch (RuntimeException ex) {
			logger.warn("Handing the sessions over failed: " + ex);
			channel.write(new Frame.SessionReply(seq, null, String.valueOf(ex.getMessage())));
		}
	}

	/**
	 * A lease request, answered at once. For {@code release} and {@code release-after},
	 * {@code granted} says whether the worker held the lease.
	 */
	private void lease(int id, long pid, FrameChannel channel, Frame.Lease request) {
		Duration ttl = Duration.ofMillis(request.ttlMillis());
		Frame.LeaseReply reply;
		try {
			reply = switch (request.op()) {
				case "release" -> new Frame.LeaseReply(request.seq(), this.leases.release(id, request.name()), 0, 0,
						null);
				case "release-after" -> new Frame.LeaseReply(request.seq(),
						this.leases.releaseAfter(id, request.name(), ttl), 0, 0, null);
				default -> {
					LeaseAnswer answer = this.leases.acquire(id, pid, request.name(), ttl);
					yield new Frame.LeaseReply(request.seq(), answer.granted(), answer.holder(),
							answer.until().toEpochMilli(), null);
				}
			};
		}
		catch (IllegalArgumentException ex) {
			reply = new Frame.LeaseReply(request.seq(), false, 0, 0, ex.getMessage());
		}
		write(channel, id, reply);
	}

	/**
	 * The master's leases, granted to the workers that ask over this channel.
	 * @return the lease table
	 */
	public LeaseTable leases() {
		return this.leases;
	}

	/**
	 * Handling one request failed: log it with the request, and answer it with an error
	 * if it expects an answer. The worker's connection stays open.
	 */
	private void failed(FrameChannel channel, int id, Frame frame, Throwable ex) {
		Long seq = (frame instanceof Frame.Command command) ? Long.valueOf(command.seq())
				: (frame instanceof Frame.Message message) ? message.seq()
				: (frame instanceof Frame.PoolWrite write) ? Long.valueOf(write.seq())
				: (frame instanceof Frame.Relay relay) ? Long.valueOf(relay.seq()) : null;
		failed(channel, id, frame, ex, seq);
	}

	private void failed(FrameChannel channel, int id, Frame frame, Throwable ex, @Nullable Long seq) {
		String request = abbreviate(frame.toString());
		if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
			logger.debug("Worker " + id + "'s request failed: " + request + ": " + ex);
		}
		else {
			logger.error("Handling a request of worker " + id + " failed: " + request, ex);
		}
		if (seq != null) {
			write(channel, id,
					error(frame, seq, (ex.getMessage() != null) ? ex.getMessage() : "The master failed with " + ex));
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 500) ? text : text.substring(0, 500) + "... (" + text.length() + " characters)";
	}

	/**
	 * Hand the pool's secret to every worker that connects from now on, right after its
	 * {@code hello} (before anything else).
	 * @param secret the secret's text
	 */
	public void handOutSecret(String secret) {
		this.secret = FrameChannel.encode(new Frame.Secret(secret));
	}

	/**
	 * Set what receives the workers' reports of their per-process state. Called on the
	 * worker's IPC thread: keep it quick.
	 * @param reports told the worker's id and its report
	 */
	public void onReport(BiConsumer<Integer, Frame.Report> reports) {
		this.reports = reports;
	}

	/**
	 * Push the cluster's status to every connected worker, and to each worker that
	 * connects later, right after its {@code hello}.
	 * @param status the status
	 * @throws FrameTooLargeException if the status is too large; nothing is sent
	 */
	public void pushStatus(ClusterDescriptor status) {
		byte[] line = FrameChannel.encode(new Frame.Status(status));
		this.status = line;
		this.workers.forEach((id, channel) -> write(channel, id, line));
	}

	/**
	 * Keep a worker's latest meters, encoded once, for the other workers' scrapes: a
	 * worker asks for them when it answers one ({@link #sendMetrics}), so the meters cross
	 * the channel once per scrape, not to every worker every few seconds.
	 */
	private void keepMetrics(int id, String text) {
		try {
			this.metrics.put(id, FrameChannel.encode(new Frame.Metrics(id, text)));
		}
		catch (FrameTooLargeException ex) {
			logger.warn("Worker " + id + "'s meters are too large for the other workers' scrapes: " + ex.getMessage());
		}
	}

	/**
	 * Answer a worker's request for the other workers' meters: those of every connected
	 * worker, a frame each, then the frame that names them.
	 */
	private void sendMetrics(int id, FrameChannel channel, long seq) {
		List<Integer> sent = new ArrayList<>();
		this.metrics.forEach((other, line) -> {
			if (other != id && this.workers.containsKey(other) && write(channel, id, line)) {
				sent.add(other);
			}
		});
		write(channel, id, new Frame.MetricsSent(seq, sent));
	}

	/**
	 * Send a message to one worker.
	 * @param id the worker's id
	 * @param message the message
	 * @return whether the worker is connected and the message was written
	 * @throws FrameTooLargeException if the message is too large; nothing is sent
	 */
	public boolean send(int id, JsonNode message) {
		FrameChannel channel = this.workers.get(id);
		return channel != null && write(channel, id, FrameChannel.encode(new Frame.Message(null, message)));
	}

	/**
	 * Send a message to every connected worker.
	 * @param message the message
	 * @return the ids of the workers it was written to
	 * @throws FrameTooLargeException if the message is too large; nothing is sent
	 */
	public List<Integer> broadcast(JsonNode message) {
		byte[] line = FrameChannel.encode(new Frame.Message(null, message));
		return this.workers.entrySet()
			.stream()
			.filter((worker) -> write(worker.getValue(), worker.getKey(), line))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * Answer a worker's message that carried a {@code seq}.
	 * @param id the worker's id
	 * @param seq the message's {@code seq}
	 * @param answer the answer, or {@code null} when {@code error} is given
	 * @param error why there is no answer, or {@code null}
	 * @return whether the worker is connected and the reply was written
	 * @throws FrameTooLargeException if the answer is too large; nothing is sent
	 */
	public boolean reply(int id, long seq, @Nullable JsonNode answer, @Nullable String error) {
		FrameChannel channel = this.workers.get(id);
		return channel != null && write(channel, id, new Frame.Reply(seq, answer, error));
	}

	/**
	 * The ids of the workers connected now.
	 * @return the ids, sorted
	 */
	public List<Integer> connectedWorkers() {
		return this.workers.keySet().stream().sorted().toList();
	}

	/**
	 * Send a frame to one worker, for example an {@link Frame.Apply} or an
	 * {@link Frame.Invoke}.
	 * @param id the worker's id
	 * @param frame the frame
	 * @return whether the worker is connected and the frame was written
	 * @throws FrameTooLargeException if the frame is too large; nothing is sent
	 */
	public boolean deliver(int id, Frame frame) {
		FrameChannel channel = this.workers.get(id);
		return channel != null && write(channel, id, FrameChannel.encode(frame));
	}

	private boolean write(FrameChannel channel, int id, Frame frame) {
		return write(channel, id, FrameChannel.encode(frame));
	}

	private boolean write(FrameChannel channel, int id, byte[] line) {
		try {
			channel.write(line);
			return true;
		}
		catch (IOException ex) {
			logger.debug("Could not write to worker " + id + ": " + ex.getMessage());
			return false;
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		for (FrameChannel connection : this.connections) {
			connection.close();
		}
		FileSystemUtils.deleteRecursively(this.directory);
	}

	private static final class Link implements WorkerLink {

		private final FrameChannel channel;

		private final int id;

		private final LeaseTable leases;

		Link(FrameChannel channel, int id, LeaseTable leases) {
			this.channel = channel;
			this.id = id;
			this.leases = leases;
		}

		@Override
		public boolean requestShutdown() {
			// A worker asked to stop releases its leases itself, before it drains; it gets
			// no new one meanwhile.
			this.leases.retire(this.id);
			try {
				this.channel.write(new Frame.Shutdown());
				return true;
			}
			catch (IOException ex) {
				logger.debug("Could not ask worker " + this.id + " to shut down: " + ex.getMessage());
				return false;
			}
		}

		@Override
		public boolean promote(int slot) {
			try {
				this.channel.write(new Frame.Promote(slot));
				return true;
			}
			catch (IOException ex) {
				logger.debug("Could not promote spare worker " + this.id + ": " + ex.getMessage());
				return false;
			}
		}

	}

}
