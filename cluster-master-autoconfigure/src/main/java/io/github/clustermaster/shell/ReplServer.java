package io.github.clustermaster.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.master.ClusterMasterProperties;
import io.github.clustermaster.master.ReplAddress;
import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The master's REPL: accepts connections on its {@link ReplListener} and gives each one
 * an independent {@link ReplSession} on a thread of its own, sharing one
 * {@link ReplShell}. Messages for every session ({@code debug}) are written by one
 * broadcasting thread, so a client that does not read delays other broadcasts at worst,
 * never a command. Stopping it closes every session and removes the socket file.
 * <p>
 * A master upgrade moves the REPL: the new master listens once it has taken over (a UNIX
 * socket file is renamed over the old master's, so no client finds nothing there; a TCP
 * port is closed by the old master first), and the old master's sessions are told where
 * the new master is and end when the old master exits.
 *
 * @author cluster-master
 */
final class ReplServer implements SmartLifecycle, ApplicationListener<MasterUpgradeEvent>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReplServer.class);

	/** The most sessions open at once; the next client is told so and disconnected. */
	static final int MAX_SESSIONS = 32;

	/** How long stopping waits for the last messages to reach the clients. */
	private static final Duration FAREWELL = Duration.ofSeconds(1);

	private volatile @Nullable ReplListener listener;

	/** Where to listen once this master has taken over from the one it replaces, or {@code null}. */
	private final @Nullable ReplAddress deferred;

	/** The master this one handed over to, or 0. */
	private volatile long handedOverTo;

	private final ReplShell shell;

	private final PrintStream stdout;

	private final Consumer<MasterEvent> events;

	private final Set<ReplSession> sessions = ConcurrentHashMap.newKeySet();

	private final AtomicInteger lastId = new AtomicInteger();

	private final ExecutorService broadcaster = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-master-repl-broadcast");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean running;

	ReplServer(ReplListener listener, ReplShell shell, PrintStream stdout, Consumer<MasterEvent> events) {
		this(listener, null, shell, stdout, events);
	}

	private ReplServer(@Nullable ReplListener listener, @Nullable ReplAddress deferred, ReplShell shell,
			PrintStream stdout, Consumer<MasterEvent> events) {
		this.listener = listener;
		this.deferred = deferred;
		this.shell = shell;
		this.stdout = stdout;
		this.events = events;
	}

	/**
	 * Listen where the address says; sessions are accepted once started.
	 * @param address where to listen, not off
	 * @param shell the commands
	 * @param stdout where {@code debug} writes, besides the sessions
	 * @param events where the REPL reports that it listens and that a client left
	 * @return the server
	 * @throws IOException if the socket cannot be bound
	 */
	static ReplServer listen(ReplAddress address, ReplShell shell, PrintStream stdout, Consumer<MasterEvent> events)
			throws IOException {
		return new ReplServer(ReplListener.open(address), shell, stdout, events);
	}

	/**
	 * Listen where {@code cluster.master.repl} says. Where nothing says so, the REPL is a convenience:
	 * if its default socket cannot be created (a read-only working directory, another
	 * master started from the same one), the master runs without it and says why.
	 * @param properties the master's properties
	 * @param shell the commands
	 * @param stdout where {@code debug} writes, besides the sessions
	 * @param events where the REPL reports that it listens and that a client left
	 * @return the server, or {@code null} if the default socket cannot be created
	 * @throws IOException if the socket that {@code cluster.master.repl} names cannot be
	 * bound
	 */
	static @Nullable ReplServer listen(ClusterMasterProperties properties, ReplShell shell, PrintStream stdout,
			Consumer<MasterEvent> events) throws IOException {
		return listen(ReplAddress.of(properties), properties.getRepl() != null, shell, stdout, events);
	}

	/**
	 * A REPL that listens once this master has taken over from the one an upgrade
	 * replaces ({@link MasterUpgradeEvent.Kind#TOOK_OVER}), where that one listens.
	 * @param address where to listen, not off
	 * @param shell the commands
	 * @param stdout where {@code debug} writes, besides the sessions
	 * @param events where the REPL reports that it listens and that a client left
	 * @return the server
	 */
	static ReplServer afterTakeOver(ReplAddress address, ReplShell shell, PrintStream stdout,
			Consumer<MasterEvent> events) {
		return new ReplServer(null, address, shell, stdout, events);
	}

	/**
	 * Listen on an address, or, if it is the default one, run without a REPL when that
	 * fails.
	 * @param address where to listen, not off
	 * @param configured whether {@code cluster.master.repl} named the address
	 * @param shell the commands
	 * @param stdout where {@code debug} writes, besides the sessions
	 * @param events where the REPL reports that it listens and that a client left
	 * @return the server, or {@code null} if the default address cannot be bound
	 * @throws IOException if a configured address cannot be bound
	 */
	static @Nullable ReplServer listen(ReplAddress address, boolean configured, ReplShell shell,
			PrintStream stdout, Consumer<MasterEvent> events) throws IOException {
		try {
			return listen(address, shell, stdout, events);
		}
		catch (IOException ex) {
			if (configured) {
				throw ex;
			}
			logger.warn(ex.getMessage() + ". The master runs without a REPL; set " + ReplAddress.PROPERTY
					+ " (or CLUSTER_MASTER_REPL) to a socket path or a port to have one, or to false to say so.");
			return null;
		}
	}

	@Override
	public void start() {
		if (this.closed.get() || this.running) {
			return;
		}
		this.running = true;
		ReplListener listener = this.listener;
		if (listener != null) {
			accept(listener);
		}
		else {
			logger.info("The REPL listens on " + this.deferred + " once this master has taken over");
		}
	}

	private void accept(ReplListener listener) {
		Thread acceptor = new Thread(() -> acceptFrom(listener), "cluster-master-repl");
		acceptor.setDaemon(true);
		acceptor.start();
		Path file = listener.socketFile();
		this.events.accept(new MasterEvent.ReplListening(description(), (file != null) ? file.toString() : null));
	}

	@Override
	public void onApplicationEvent(MasterUpgradeEvent event) {
		if (event.kind() == MasterUpgradeEvent.Kind.TOOK_OVER) {
			takeOver();
		}
		else {
			handOver(event.otherPid());
		}
	}

	private synchronized void takeOver() {
		ReplAddress address = this.deferred;
		if (address == null || this.listener != null || this.closed.get()) {
			return;
		}
		try {
			ReplListener listener = ReplListener.open(address, true);
			this.listener = listener;
			accept(listener);
		}
		catch (IOException ex) {
			logger.warn(ex.getMessage() + "; this master runs without a REPL");
		}
	}

	/**
	 * Tell the sessions where the new master is. A TCP port is freed at once for the new
	 * master to bind; a socket file is renamed over by the new master.
	 */
	private synchronized void handOver(long pid) {
		this.handedOverTo = pid;
		ReplListener listener = this.listener;
		if (listener == null) {
			return;
		}
		if (listener.socketFile() == null) {
			try {
				listener.channel().close();
			}
			catch (IOException ex) {
				logger.debug("Closing the REPL's port for the new master failed: " + ex.getMessage());
			}
		}
		String message = "Upgrade: master pid " + pid + " takes over and listens on " + listener.description()
				+ "; this session ends when this master (pid " + ProcessHandle.current().pid() + ") exits";
		for (ReplSession session : this.sessions) {
			this.broadcaster.execute(() -> session.deliver(message));
		}
	}

	private void acceptFrom(ReplListener listener) {
		while (this.running) {
			SocketChannel client;
			try {
				client = listener.channel().accept();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (this.running) {
					logger.warn("The REPL could not accept a connection: " + ex.getMessage());
					pauseAfterFailedAccept();
				}
				continue;
			}
			open(client);
		}
	}

	private void open(SocketChannel client) {
		if (this.handedOverTo != 0) {
			refuse(client, "This master has handed over to master pid " + this.handedOverTo
					+ " and exits; connect again to reach the new master\n");
			return;
		}
		if (!this.running || this.sessions.size() >= MAX_SESSIONS) {
			refuse(client, this.running ? "Too many REPL sessions (" + MAX_SESSIONS + "); try again later\n"
					: "The REPL is stopping\n");
			return;
		}
		ReplSession session = new ReplSession(this.lastId.incrementAndGet(), client, this, this.shell,
				this.events);
		this.sessions.add(session);
		session.start();
	}

	private static void refuse(SocketChannel client, String why) {
		try (client) {
			client.write(StandardCharsets.UTF_8.encode(why));
		}
		catch (IOException ex) {
			// The client is gone already.
		}
	}

	private void pauseAfterFailedAccept() {
		// Out of file descriptors, for example: do not spin.
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	/**
	 * Write a message to the master's standard output and to every session but the one
	 * it comes from.
	 * @param message the message
	 * @param from the session that sends it, which prints it itself
	 */
	void broadcast(String message, @Nullable ReplSession from) {
		this.stdout.println(message);
		this.stdout.flush();
		for (ReplSession session : this.sessions) {
			if (session != from) {
				this.broadcaster.execute(() -> session.deliver(message));
			}
		}
	}

	/**
	 * The open sessions, oldest first.
	 * @return the sessions
	 */
	List<ReplSession> sessions() {
		return this.sessions.stream().sorted(Comparator.comparingInt(ReplSession::id)).toList();
	}

	void ended(ReplSession session) {
		this.sessions.remove(session);
	}

	/**
	 * Where the REPL listens.
	 * @return {@code unix:<path> (mode 0600)} or {@code tcp:<host>:<port>}
	 */
	String description() {
		ReplListener listener = this.listener;
		if (listener == null) {
			return this.deferred + " (once this master has taken over)";
		}
		return listener.description() + ((listener.socketFile() != null) ? " (mode 0600)" : "");
	}

	/**
	 * The bound address.
	 * @return the address
	 * @throws IOException if the server is closed
	 */
	SocketAddress localAddress() throws IOException {
		ReplListener listener = this.listener;
		if (listener == null) {
			throw new IOException("The REPL listens once this master has taken over");
		}
		return listener.localAddress();
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop listening, tell every session the REPL is stopping, close them and remove the
	 * socket file. Safe to call more than once.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.running = false;
		ReplListener listener;
		synchronized (this) {
			listener = this.listener;
		}
		if (listener == null) {
			this.broadcaster.shutdownNow();
			return;
		}
		try {
			listener.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the REPL's socket failed: " + ex.getMessage());
		}
		long handedOverTo = this.handedOverTo;
		List<ReplSession> open = sessions();
		open.forEach((session) -> this.broadcaster.execute(() -> session.farewell((handedOverTo != 0)
				? "This master has handed over to master pid " + handedOverTo
						+ " and exits; connect again to reach it; closing session " + session.id() + "."
				: "The master is stopping; closing session " + session.id() + ".")));
		this.broadcaster.shutdown();
		try {
			this.broadcaster.awaitTermination(FAREWELL.toMillis(), TimeUnit.MILLISECONDS);
			open.forEach(ReplSession::close);
			for (ReplSession session : open) {
				session.join(FAREWELL);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			open.forEach(ReplSession::close);
			this.broadcaster.shutdownNow();
		}
		logger.info("REPL on " + listener.description() + " closed");
	}

}
