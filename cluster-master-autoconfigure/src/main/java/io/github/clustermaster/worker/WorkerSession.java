package io.github.clustermaster.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.ipc.IpcRequestException;
import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.FrameTooLargeException;
import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.supervisor.WorkerStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker's life with its master: connected before the application's context is built,
 * ready once the application is, stopped gracefully when asked, and gone within a second
 * or two when the master is (even if the master was killed with SIGKILL). It relays
 * commands and messages to the master, keeps the latest status of the cluster the
 * master pushed, and hands the master's messages to the application in order, on one
 * thread, once the application is ready.
 *
 * @author cluster-master
 */
public final class WorkerSession implements MasterConnection.Listener {

	private static final Log logger = LogFactory.getLog(WorkerSession.class);

	/** How long a worker that lost its master may take to close before it halts. */
	static final Duration ORPHAN_GRACE = Duration.ofMillis(1500);

	/** Exit code of a worker that lost its master. */
	static final int ORPHAN_EXIT_CODE = 3;

	private final int id;

	private final Runtime runtime;

	private volatile @Nullable MasterConnection connection;

	private final List<Consumer<List<String>>> sessionInvalidations = new CopyOnWriteArrayList<>();

	private volatile @Nullable ConfigurableApplicationContext context;

	/** Messages from the master, kept until the application is ready to receive them. */
	private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();

	private volatile @Nullable Consumer<JsonNode> messageHandler;

	private volatile boolean delivering;

	private final InstantSource clock;

	private volatile @Nullable MasterStatus status;

	private volatile boolean refusingTraffic;

	private final RequestStats requests = new RequestStats();

	private final WorkerStatsSource stats = new WorkerStatsSource(this.requests);

	private final WorkerLeases leases;

	/** The pool's secret, handed out by the master right after this worker's hello. */
	private final CompletableFuture<PoolSecret> secret = new CompletableFuture<>();

	/** Answers the Actuator requests the master hands this worker, once the context has it. */
	private volatile @Nullable ActuatorRequests actuator;

	/** Write operations the master sent before {@link #actuator} was set, applied then. */
	private final List<PendingApply> pendingApplies = new ArrayList<>();

	/**
	 * Runs the Actuator requests off the IPC thread (named with this worker's id: a
	 * relayed thread dump shows whose it is).
	 */
	private final ExecutorService actuatorThreads;

	/** Holds a hot spare's web server back from the shared socket until it is promoted. */
	private final SpareGate spare = SpareGate.fromEnvironment();

	/** How long a scrape waits for the master's copy of the other workers' meters. */
	static final Duration PEER_METRICS_TIMEOUT = Duration.ofSeconds(2);

	/** The other workers' latest meters, by worker id, as the master sent them. */
	private final Map<Integer, String> peerMetrics = new ConcurrentHashMap<>();

	WorkerSession(int id, Runtime runtime) {
		this(id, runtime, InstantSource.system());
	}

	WorkerSession(int id, Runtime runtime, InstantSource clock) {
		this.id = id;
		this.actuatorThreads = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "cluster-master-worker-" + id + "-actuator");
			thread.setDaemon(true);
			return thread;
		});
		this.runtime = runtime;
		this.clock = clock;
		this.leases = new WorkerLeases(id, this::lease, io.github.clustermaster.lease.LeaseTerms.monotonicClock());
	}

	private CompletableFuture<io.github.clustermaster.ipc.Frame.LeaseReply> lease(String op, String name,
			Duration ttl, Duration timeout) {
		MasterConnection connection = this.connection;
		return (connection != null) ? connection.lease(op, name, ttl, timeout) : CompletableFuture
			.failedFuture(new IllegalStateException("Worker " + this.id + " is not connected to its master"));
	}

	/**
	 * This worker's leases from the master, and the application's named locks over them.
	 * @return the leases
	 */
	public WorkerLeases leases() {
		return this.leases;
	}

	/**
	 * Connect to the master.
	 * @param id this worker's id
	 * @param socket the master's IPC socket
	 * @return the session
	 * @throws IllegalStateException if the master cannot be reached
	 */
	public static WorkerSession connect(int id, Path socket) {
		WorkerSession session = new WorkerSession(id, Runtime.getRuntime());
		try {
			session.connection = MasterConnection.connect(socket, id, session);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Worker " + id + " cannot reach its master at " + socket + ": "
					+ ex.getMessage() + " (was this process started by a cluster-master master?)", ex);
		}
		ignoreTerminalSignals();
		return session;
	}

	/**
	 * A session with no master behind it, for the runs that build a worker's context but
	 * serve nothing: Spring AOT's build-time processing (so that the beans that need a
	 * {@code WorkerSession} are part of the generated code) and the training run of a
	 * class-data archive of such an application. Requests to the master fail at once and
	 * there is no pool secret.
	 * @return the session, with id 0
	 */
	public static WorkerSession unconnected() {
		WorkerSession session = new WorkerSession(0, Runtime.getRuntime());
		session.secret.completeExceptionally(new IllegalStateException("No master: this run serves no traffic"));
		return session;
	}

	/**
	 * Do without a master what a worker does with its own before it is ready: build its
	 * session, read its stats, derive Boot's user password from a pool secret (an HMAC:
	 * the JCE's classes) and write and read back the frames of its boot
	 * ({@link MasterConnection#rehearseBoot}). For the training run of a class-data
	 * archive, which is standalone: the classes this loads are then in the archive.
	 * @return the frames as they were read back
	 */
	public static List<Frame> rehearseBoot() {
		WorkerSession session = unconnected();
		session.actuatorThreads.shutdown();
		PoolSecret.generate().userPassword();
		return MasterConnection.rehearseBoot(session.stats());
	}

	/**
	 * Ctrl-C and a closed terminal reach the whole process group; the master alone decides
	 * how its workers stop.
	 */
	private static void ignoreTerminalSignals() {
		for (String name : new String[] { "INT", "HUP" }) {
			try {
				Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
			}
			catch (IllegalArgumentException ex) {
				logger.debug("Cannot ignore SIG" + name + ": " + ex.getMessage());
			}
		}
	}

	/**
	 * This worker's id.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Remember the application's context, to close it when the master asks.
	 * @param context the context
	 */
	public void attach(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Tell the master the application is ready and accepts connections.
	 */
	public void ready() {
		startDelivering();
		MasterConnection connection = this.connection;
		if (connection != null) {
			connection.ready();
		}
	}

	/**
	 * Relay a command to the master.
	 * @param command the command
	 * @param timeout how long to wait for the answer
	 * @return the master's outcome, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<CommandOutcome> command(ClusterCommand command, Duration timeout) {
		return connection().command(command, timeout);
	}

	/**
	 * Send a message to the master.
	 * @param message the message
	 * @throws io.github.clustermaster.ipc.FrameTooLargeException if the message is too large
	 * @throws IOException if the connection to the master is broken
	 */
	public void send(JsonNode message) throws IOException {
		connection().send(message);
	}

	/**
	 * Send a message to the master and wait for its reply.
	 * @param message the message
	 * @param timeout how long to wait for the reply
	 * @return the reply, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<JsonNode> request(JsonNode message, Duration timeout) {
		return connection().request(message, timeout);
	}

	/**
	 * Call the pool's HTTP session store, held by the master.
	 * @param call the call
	 * @param timeout how long to wait for the answer
	 * @return the master's answer, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<Frame.SessionReply> sessionStore(SessionCall call, Duration timeout) {
		return connection().session(call, timeout);
	}

	/**
	 * Set what receives the master's messages, once the application is ready; messages
	 * that arrived before wait for it.
	 * @param handler called on one thread, in the order the master sent them
	 */
	public void onMessage(Consumer<JsonNode> handler) {
		this.messageHandler = handler;
	}

	/**
	 * Ask the master to apply an Actuator write operation, which this worker applied, on
	 * every other worker.
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments its arguments
	 * @param timeout how long to wait for the master's answer
	 * @return the master's answer, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<PoolWriteOutcome> poolWrite(String operation, Map<String, String> arguments, Duration timeout) {
		return connection().poolWrite(operation, arguments, timeout);
	}

	/**
	 * Relay an Actuator request to worker {@code target} through the master.
	 * @param target the id of the worker that is to answer
	 * @param request the request
	 * @param timeout how long to wait for the answer
	 * @return the target's response, or an {@link IpcRequestException} when there is none
	 */
	public CompletableFuture<RelayResponse> relay(int target, RelayRequest request, Duration timeout) {
		return connection().relay(target, request, timeout);
	}

	/**
	 * Set what answers the Actuator requests the master hands this worker. The write
	 * operations that came before (the logger levels the master remembers, sent when
	 * this worker connected) are applied now, in order.
	 * @param handler the handler
	 */
	public void onActuator(ActuatorRequests handler) {
		List<PendingApply> pending;
		synchronized (this.pendingApplies) {
			this.actuator = handler;
			pending = new ArrayList<>(this.pendingApplies);
			this.pendingApplies.clear();
		}
		for (PendingApply apply : pending) {
			String error = apply(handler, apply.operation(), apply.arguments());
			if (error != null) {
				logger.warn("Worker " + this.id + " could not apply " + apply.operation() + " " + apply.arguments()
						+ " that the pool was asked for: " + error);
			}
		}
	}

	@Override
	public void applyRequested(@Nullable Long seq, String operation, Map<String, String> arguments) {
		ActuatorRequests handler;
		synchronized (this.pendingApplies) {
			handler = this.actuator;
			if (handler == null) {
				// Still starting: applied once its context is ready, before it serves.
				this.pendingApplies.add(new PendingApply(operation, arguments));
			}
		}
		if (handler == null) {
			if (seq != null) {
				connection().applied(seq, null);
			}
			return;
		}
		this.actuatorThreads.execute(() -> {
			String error = apply(handler, operation, arguments);
			if (seq != null) {
				connection().applied(seq, error);
			}
		});
	}

	private @Nullable String apply(ActuatorRequests handler, String operation, Map<String, String> arguments) {
		try {
			return handler.apply(operation, arguments);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Worker " + this.id + " failed to apply " + operation, ex);
			return String.valueOf(ex);
		}
	}

	@Override
	public void invokeRequested(long seq, RelayRequest request) {
		this.actuatorThreads.execute(() -> {
			ActuatorRequests handler = this.actuator;
			RelayResponse response;
			try {
				response = (handler != null) ? handler.invoke(request)
						: RelayResponse.error(503, "Worker " + this.id + " is still starting");
			}
			catch (RuntimeException | LinkageError ex) {
				logger.error("Worker " + this.id + " failed to answer a relayed Actuator request " + request, ex);
				response = RelayResponse.error(500, "Worker " + this.id + " failed: " + ex);
			}
			try {
				connection().invoked(seq, response);
			}
			catch (FrameTooLargeException ex) {
				connection().invoked(seq, RelayResponse.error(502, "Worker " + this.id
						+ "'s response is too large to relay: " + ex.getMessage()));
			}
		});
	}

	private MasterConnection connection() {
		MasterConnection connection = this.connection;
		if (connection == null) {
			throw new IllegalStateException("Worker " + this.id + " is not connected to its master");
		}
		return connection;
	}

	@Override
	public void messageReceived(JsonNode message) {
		this.inbox.add(message);
	}

	@Override
	public void statusReceived(ClusterDescriptor status) {
		this.status = new MasterStatus(status, this.clock.instant());
		if (status.quitting() && !this.refusingTraffic) {
			refuseTraffic();
		}
	}

	/**
	 * The master is quitting: readiness goes to refusing traffic at once, so that a load
	 * balancer that probes {@code /actuator/health/readiness} stops sending while the
	 * workers still serve (for {@code cluster.master.quit-delay}, then draining).
	 */
	private void refuseTraffic() {
		this.refusingTraffic = true;
		ConfigurableApplicationContext context = this.context;
		if (context != null && context.isActive()) {
			logger.info("The master is quitting: readiness is now REFUSING_TRAFFIC");
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	/**
	 * The requests this worker serves, counted by the filter the worker's auto-configuration
	 * puts at the head of the application's chain and sent to the master with each
	 * heartbeat.
	 * @return the counters
	 */
	public RequestStats requests() {
		return this.requests;
	}

	/**
	 * Tell the heartbeat how busy the web server's request threads are.
	 * @param threads the server's thread pool
	 */
	public void serverThreads(ServerThreads threads) {
		this.stats.threads(threads);
	}

	@Override
	public WorkerStats stats() {
		return this.stats.read();
	}

	@Override
	public void secretReceived(String secret) {
		this.secret.complete(PoolSecret.of(secret));
	}

	@Override
	public void sessionsInvalidated(List<String> ids) {
		for (Consumer<List<String>> listener : this.sessionInvalidations) {
			listener.accept(ids);
		}
	}

	/**
	 * Be told when the master invalidates sessions this worker may keep copies of.
	 * @param listener called on the IPC thread with the sessions' ids (empty for every
	 * session); it must drop the copies before it returns, and quickly
	 */
	public void onSessionsInvalidated(Consumer<List<String>> listener) {
		this.sessionInvalidations.add(listener);
	}

	/**
	 * The pool's secret, which the master hands out right after this worker connected.
	 * @param timeout how long to wait for it
	 * @return the secret, or {@code null} if it did not come in time
	 */
	public @Nullable PoolSecret poolSecret(Duration timeout) {
		try {
			return this.secret.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (TimeoutException | ExecutionException ex) {
			return null;
		}
	}

	/**
	 * Report this worker's per-process state to the master.
	 * @param report the report
	 * @throws IOException if the connection to the master is broken
	 */
	public void report(Frame.Report report) throws IOException {
		connection().report(report);
	}

	@Override
	public void metricsReceived(int worker, String text) {
		if (worker != this.id) {
			this.peerMetrics.put(worker, text);
		}
	}

	/**
	 * Send this worker's meters to the master, for the other workers' scrapes.
	 * @param text the meters in the Prometheus text format, labelled with this worker
	 * @throws io.github.clustermaster.ipc.FrameTooLargeException if they are too large
	 * @throws IOException if the connection to the master is broken
	 */
	public void publishMetrics(String text) throws IOException {
		connection().publishMetrics(text);
	}

	/**
	 * The other workers' latest meters, as the master has them (a worker that has gone is
	 * left out); none when the master does not answer within {@link #PEER_METRICS_TIMEOUT}.
	 * @return the meters in the Prometheus text format, by worker id
	 */
	public Map<Integer, String> peerMetrics() {
		List<Integer> workers;
		try {
			workers = connection().peerMetrics(PEER_METRICS_TIMEOUT).join().workers();
		}
		catch (RuntimeException ex) {
			logger.debug("Worker " + this.id + " has no meters of the other workers for this scrape: "
					+ ex.getMessage());
			return Map.of();
		}
		this.peerMetrics.keySet().retainAll(workers);
		Map<Integer, String> meters = new TreeMap<>();
		workers.forEach((worker) -> {
			String text = this.peerMetrics.get(worker);
			if (text != null) {
				meters.put(worker, text);
			}
		});
		return meters;
	}

	/**
	 * The latest status of the cluster the master pushed, or that came with the answer to
	 * a command.
	 * @return the status and when it arrived, or {@code null} before the first one
	 */
	public @Nullable MasterStatus status() {
		return this.status;
	}

	private synchronized void startDelivering() {
		if (this.delivering) {
			return;
		}
		this.delivering = true;
		Thread thread = new Thread(this::deliver, "cluster-master-worker-messages");
		thread.setDaemon(true);
		thread.start();
	}

	private void deliver() {
		while (true) {
			JsonNode message;
			try {
				message = this.inbox.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			Consumer<JsonNode> handler = this.messageHandler;
			if (handler == null) {
				logger.debug("Worker " + this.id + ": no handler for the master's message " + message);
				continue;
			}
			try {
				handler.accept(message);
			}
			catch (RuntimeException ex) {
				logger.error("Worker " + this.id + ": handling a message from the master failed: " + ex, ex);
			}
		}
	}

	/**
	 * The gate of a hot spare: its web server registers how it holds back from the shared
	 * socket, and opens when the master promotes this worker.
	 * @return the gate
	 */
	public SpareGate spare() {
		return this.spare;
	}

	@Override
	public void promoteRequested(int slot) {
		this.spare.promote(this.id, slot);
	}

	@Override
	public void shutdownRequested() {
		logger.info("Worker " + this.id + ": the master asks this worker to stop");
		this.leases.releaseAll();
		Thread exit = new Thread(() -> {
			ConfigurableApplicationContext context = this.context;
			if (context != null) {
				// Stop taking connections first: the context's close reaches the drain only
				// after the exit code generators and the lifecycles of the phases above it,
				// a tenth of a second on busy cores that a failing release would serve
				drainNow(context);
			}
			int code = (context != null) ? SpringApplication.exit(context) : 0;
			close();
			this.runtime.exit(code);
		}, "cluster-master-worker-exit");
		exit.start();
	}

	/**
	 * Drain the web server now (each {@link WorkerDrain} stops once: the context's close
	 * then passes it by).
	 */
	private static void drainNow(ConfigurableApplicationContext context) {
		if (!context.isRunning()) {
			// still refreshing (its beans must not be looked up from here) or closing
			return;
		}
		try {
			context.getBeansOfType(WorkerDrain.class, false, false).values().forEach(WorkerDrain::stop);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not drain the web server before the context closes; it drains as the context closes",
					ex);
		}
	}

	@Override
	public void masterLost() {
		logger.error("Worker " + this.id + ": the master is gone; this worker exits");
		this.leases.lost();
		Thread halt = new Thread(() -> {
			try {
				Thread.sleep(ORPHAN_GRACE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.runtime.halt(ORPHAN_EXIT_CODE);
		}, "cluster-master-worker-halt");
		halt.setDaemon(true);
		halt.start();
		Thread exit = new Thread(() -> this.runtime.exit(ORPHAN_EXIT_CODE), "cluster-master-worker-exit");
		exit.start();
	}

	/**
	 * Close the connection to the master without telling the listener.
	 */
	public void close() {
		MasterConnection connection = this.connection;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				logger.debug("Closing the connection to the master failed: " + ex.getMessage());
			}
		}
	}

	private record PendingApply(String operation, Map<String, String> arguments) {
	}

	/**
	 * The cluster's status as the master last sent it.
	 *
	 * @param status the status
	 * @param receivedAt when this worker received it
	 */
	public record MasterStatus(ClusterDescriptor status, Instant receivedAt) {

	}

}
