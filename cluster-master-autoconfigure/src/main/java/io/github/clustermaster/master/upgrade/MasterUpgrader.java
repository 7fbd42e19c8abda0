package io.github.clustermaster.master.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.clustermaster.control.MasterUpgrade;
import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.events.MasterLog;
import io.github.clustermaster.master.launch.ProcessWorkerLauncher;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.systemd.SystemdEnvironment;
import io.github.clustermaster.systemd.SystemdNotifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The old master's side of an upgrade ({@code SIGUSR2}, the REPL's {@code upgrade},
 * {@code POST /actuator/cluster/upgrade}): starts a new master with this one's command line
 * (the deploy path read anew), hands it the listening socket, and waits on a hand-over
 * socket until the new master says it has {@code size} ready workers. Then it makes the new
 * master the service's main process ({@code MAINPID=}), tells it to take over, and quits:
 * its workers drain, and it exits 0. A new master that exits first, closes the link, or is
 * not ready within the timeout is stopped (SIGTERM: it drains what its workers took, then
 * SIGKILL), and this master serves on, unchanged.
 * <p>
 * The socket reaches the new master as systemd's socket activation would pass it, on
 * descriptor 3 with {@code LISTEN_FDS=1} and {@code LISTEN_PID} its own pid: the JDK closes
 * every descriptor above 2 in a child, so the socket goes as the child's stdin and a shell
 * moves it to 3 before it {@code exec}s java (the pid stays the same). With
 * {@code SO_REUSEPORT} there is nothing to hand over: the new workers bind their own.
 * <p>
 * The new master is this one's child only until this one exits; it stays in this one's
 * process group (a Ctrl-C reaches both, as with unicorn's and nginx's upgrades).
 *
 * @author cluster-master
 */
public final class MasterUpgrader implements MasterUpgrade, Consumer<ClusterStatus>, AutoCloseable {

	/** What the new master writes once it has its workers ready: {@code ready <workers>}. */
	static final String READY = "ready";

	/** What the old master answers once the new one is the main process. */
	static final String TAKE_OVER = "take-over";

	private static final Log logger = LogFactory.getLog(MasterUpgrader.class);

	/** Moves the socket from stdin to descriptor 3, as socket activation passes it. */
	private static final String HAND_OVER_SOCKET = "LISTEN_PID=$$; LISTEN_FDS=1; export LISTEN_PID LISTEN_FDS; "
			+ "exec \"$0\" \"$@\" 3<&0 0</dev/null";

	private final Function<@Nullable String, List<String>> masterCommand;

	private final Path directory;

	private final @Nullable Redirect listeningSocket;

	/** Quits this master gracefully, through the command executor. */
	private final Runnable quit;

	private final Duration timeout;

	private final Duration stopTimeout;

	private final @Nullable SystemdNotifier notifier;

	private final ApplicationEventPublisher events;

	private final Consumer<MasterEvent> masterEvents;

	/** Whether this master waits to take over from the one it replaces. */
	private final BooleanSupplier takingOver;

	/** Variables the new master gets on top of this one's environment (the pool's secret). */
	private final Map<String, String> handedOver = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-master-upgrade-timer");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable Attempt attempt;

	private long handedOverTo;

	private int attempts;

	/**
	 * Create the upgrader.
	 * @param masterCommand the command line of a new master, given the java asked for or
	 * {@code null} for the one this master was invoked with
	 * @param directory a private directory for the hand-over socket
	 * @param listeningSocket the redirect that hands the listening socket to a child, or
	 * {@code null} when there is none to hand over
	 * @param quit quits this master gracefully, once the new master has taken over
	 * @param timeout how long the new master may take to get its workers ready
	 * @param stopTimeout how long a failed new master may take to stop before it is killed
	 * @param notifier the service manager's notifier, or {@code null}
	 * @param events where the hand-over is published
	 * @param masterEvents where the upgrade's start, hand-over or failure is reported
	 * @param takingOver whether this master, itself started by an upgrade, has yet to take
	 * over: it cannot be upgraded before
	 */
	public MasterUpgrader(Function<@Nullable String, List<String>> masterCommand, Path directory,
			@Nullable Redirect listeningSocket, Runnable quit, Duration timeout, Duration stopTimeout,
			@Nullable SystemdNotifier notifier, ApplicationEventPublisher events, Consumer<MasterEvent> masterEvents,
			BooleanSupplier takingOver) {
		this.takingOver = takingOver;
		this.masterCommand = masterCommand;
		this.directory = directory;
		this.listeningSocket = listeningSocket;
		this.quit = quit;
		this.timeout = timeout;
		this.stopTimeout = stopTimeout;
		this.notifier = notifier;
		this.events = events;
		this.masterEvents = masterEvents;
	}

	@Override
	public synchronized @Nullable Upgrading current() {
		return (this.attempt != null) ? this.attempt.upgrading : null;
	}

	@Override
	public synchronized long handedOverTo() {
		return this.handedOverTo;
	}

	@Override
	public synchronized Upgrading start(@Nullable String java) {
		if (this.handedOverTo != 0) {
			throw new IllegalStateException(
					"this master has handed over to master pid " + this.handedOverTo + " and is exiting");
		}
		if (this.takingOver.getAsBoolean()) {
			throw new IllegalStateException("this master was started by an upgrade and has not taken over yet");
		}
		if (this.attempt != null) {
			throw new IllegalStateException(
					"an upgrade is already running (new master pid " + this.attempt.upgrading.pid() + ")");
		}
		if (java != null && !Files.isExecutable(Path.of(java))) {
			throw new IllegalArgumentException("java " + java + " is not an executable file");
		}
		List<String> command = this.masterCommand.apply(java);
		Path socket = this.directory.resolve("upgrade-" + (++this.attempts));
		ServerSocketChannel server;
		Process process;
		try {
			Files.deleteIfExists(socket);
			server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			server.bind(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot listen for the new master on " + socket + ": " + ex.getMessage(), ex);
		}
		try {
			process = launch(command, socket);
		}
		catch (IOException ex) {
			closeQuietly(server, socket);
			throw new IllegalStateException("cannot start a new master (" + ProcessWorkerLauncher.display(command)
					+ "): " + ex.getMessage(), ex);
		}
		String from = from(command);
		Upgrading upgrading = new Upgrading(process.pid(), from, new CompletableFuture<>());
		Attempt attempt = new Attempt(upgrading, process, server, socket);
		this.attempt = attempt;
		this.masterEvents.accept(new MasterEvent.UpgradeStarted(process.pid(), from, java,
				this.listeningSocket != null, this.timeout));
		if (this.notifier != null) {
			this.notifier.upgradeStarted(process.pid());
		}
		Thread handshake = new Thread(() -> handshake(attempt), "cluster-master-upgrade");
		handshake.setDaemon(true);
		handshake.start();
		process.onExit().thenAccept((exited) -> fail(attempt,
				"exited with code " + exited.exitValue() + " before it was ready"));
		this.timer.schedule(() -> fail(attempt, "was not ready within " + this.timeout.toSeconds() + " s"),
				this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		return upgrading;
	}

	/**
	 * Hand a value on to the master an upgrade starts, in its environment.
	 * @param variable the variable's name
	 * @param value its value
	 */
	public void handOver(String variable, String value) {
		this.handedOver.put(variable, value);
	}

	private Process launch(List<String> command, Path socket) throws IOException {
		List<String> launched = new ArrayList<>();
		if (this.listeningSocket != null) {
			launched.addAll(List.of("/bin/sh", "-c", HAND_OVER_SOCKET));
		}
		launched.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(launched);
		Map<String, String> environment = builder.environment();
		// The new master's own, set by the shell; and systemd's watchdog is meant for this pid
		List.of(SystemdEnvironment.LISTEN_PID, SystemdEnvironment.LISTEN_FDS, SystemdEnvironment.LISTEN_FDNAMES,
				SystemdEnvironment.WATCHDOG_PID)
			.forEach(environment::remove);
		environment.putAll(this.handedOver);
		environment.put(UpgradeEnvironment.FROM, Long.toString(ProcessHandle.current().pid()));
		environment.put(UpgradeEnvironment.SOCKET, socket.toString());
		builder.redirectInput((this.listeningSocket != null) ? this.listeningSocket : Redirect.PIPE);
		builder.redirectOutput(Redirect.INHERIT).redirectError(Redirect.INHERIT);
		Process process = builder.start();
		if (this.listeningSocket == null) {
			process.getOutputStream().close();
		}
		return process;
	}

	private static String from(List<String> command) {
		int jar = command.indexOf("-jar");
		if (jar >= 0 && jar + 1 < command.size()) {
			return Path.of(command.get(jar + 1)).toAbsolutePath().toString();
		}
		int classPath = command.indexOf("-cp");
		return (classPath >= 0 && classPath + 2 < command.size()) ? "main class " + command.get(classPath + 2)
				: ProcessWorkerLauncher.display(command);
	}

	private void handshake(Attempt attempt) {
		try (SocketChannel link = attempt.server.accept()) {
			BufferedReader in = new BufferedReader(Channels.newReader(link, StandardCharsets.UTF_8));
			String line = in.readLine();
			if (line == null || !line.startsWith(READY + " ")) {
				String exit = awaitExit(attempt.process);
				fail(attempt, (exit != null) ? exit
						: (line == null) ? "closed the hand-over link before it was ready"
								: "sent '" + line + "' instead of " + READY);
				return;
			}
			int workers = Integer.parseInt(line.substring(READY.length() + 1).trim());
			if (!handOver(attempt, workers)) {
				return;
			}
			link.write(StandardCharsets.UTF_8.encode(TAKE_OVER + "\n"));
			attempt.upgrading.tookOver().complete(workers);
			this.quit.run();
		}
		catch (IOException | RuntimeException ex) {
			fail(attempt, "broke the hand-over link: " + ex);
		}
	}

	private static @Nullable String awaitExit(Process process) {
		try {
			return process.waitFor(5, TimeUnit.SECONDS) ? "exited with code " + process.exitValue()
					+ " before it was ready" : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The new master is ready: make it the main process, tell the REPL's sessions, and
	 * from now on never stop it.
	 */
	private synchronized boolean handOver(Attempt attempt, int workers) {
		if (attempt.ended) {
			return false;
		}
		attempt.ended = true;
		this.attempt = null;
		long pid = attempt.upgrading.pid();
		this.handedOverTo = pid;
		closeQuietly(attempt.server, attempt.socket);
		this.masterEvents.accept(new MasterEvent.UpgradeReady(pid, workers));
		if (this.notifier != null) {
			this.notifier.handOver(pid);
		}
		this.events.publishEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.HANDED_OVER, pid));
		return true;
	}

	private void fail(Attempt attempt, String reason) {
		synchronized (this) {
			if (attempt.ended) {
				return;
			}
			attempt.ended = true;
			this.attempt = null;
		}
		closeQuietly(attempt.server, attempt.socket);
		long pid = attempt.upgrading.pid();
		MasterEvent.UpgradeFailed failed = new MasterEvent.UpgradeFailed(pid, reason,
				attempt.process.isAlive() ? this.stopTimeout : null);
		if (failed.killIn() != null) {
			attempt.process.toHandle().destroy();
			this.timer.schedule(() -> attempt.process.toHandle().destroyForcibly(), this.stopTimeout.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		this.masterEvents.accept(failed);
		String message = MasterLog.text(failed);
		if (this.notifier != null) {
			this.notifier.upgradeFailed("new master pid " + pid + " " + reason);
		}
		attempt.upgrading.tookOver().completeExceptionally(new IllegalStateException(message));
	}

	/**
	 * A quit while an upgrade runs ends the upgrade too: the operator wants the service
	 * down, not a new master up.
	 */
	@Override
	public void accept(ClusterStatus status) {
		Attempt attempt;
		synchronized (this) {
			attempt = this.attempt;
		}
		if (attempt != null && status.quitting()) {
			fail(attempt, "was stopped: this master is quitting");
		}
	}

	private static void closeQuietly(ServerSocketChannel server, Path socket) {
		try {
			server.close();
			Files.deleteIfExists(socket);
		}
		catch (IOException ex) {
			logger.debug("Closing the hand-over socket " + socket + " failed: " + ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/**
	 * One new master on its way: it ends once, by a hand-over or a failure.
	 */
	private static final class Attempt {

		private final Upgrading upgrading;

		private final Process process;

		private final ServerSocketChannel server;

		private final Path socket;

		/** Whether it has handed over or failed; guarded by the upgrader. */
		private boolean ended;

		Attempt(Upgrading upgrading, Process process, ServerSocketChannel server, Path socket) {
			this.upgrading = upgrading;
			this.process = process;
			this.server = server;
			this.socket = socket;
		}

	}

}
