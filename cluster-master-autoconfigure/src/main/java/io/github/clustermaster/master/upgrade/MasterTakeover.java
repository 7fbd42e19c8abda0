package io.github.clustermaster.master.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerState;
import io.github.clustermaster.systemd.SystemdNotifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The new master's side of an upgrade: when an upgrade started this master
 * ({@link UpgradeEnvironment}), it connects to the old master's hand-over socket before
 * its first worker starts, says {@code ready <n>} once {@code size} workers are ready, and
 * takes over when the old master answers: it writes the pid file, listens for the REPL,
 * and speaks for the service to systemd ({@link MasterUpgradeEvent.Kind#TOOK_OVER}). Until
 * then it keeps quiet. If the old master closes the link first (it gave the upgrade up, it
 * quits, or it died), this master quits: the old one is the one that serves.
 * <p>
 * A master that no upgrade started has taken over from the start.
 *
 * @author cluster-master
 */
public final class MasterTakeover implements Consumer<ClusterStatus> {

	private static final Log logger = LogFactory.getLog(MasterTakeover.class);

	private final UpgradeEnvironment.@Nullable Predecessor predecessor;

	/** Quits this master gracefully, through the command executor. */
	private final Runnable quit;

	private final @Nullable SystemdNotifier notifier;

	private final ApplicationEventPublisher events;

	private @Nullable SocketChannel link;

	private boolean readySent;

	private volatile boolean tookOver;

	/**
	 * Create the new master's side of an upgrade.
	 * @param predecessor the master this one replaces, or {@code null} when no upgrade
	 * started this one (then there is nothing to take over)
	 * @param quit quits this master gracefully, when the old master gives the upgrade up
	 * @param notifier the service manager's notifier, or {@code null}
	 * @param events where the take-over is published
	 */
	public MasterTakeover(UpgradeEnvironment.@Nullable Predecessor predecessor, Runnable quit,
			@Nullable SystemdNotifier notifier, ApplicationEventPublisher events) {
		this.predecessor = predecessor;
		this.quit = quit;
		this.notifier = notifier;
		this.events = events;
		this.tookOver = predecessor == null;
	}

	/**
	 * The master this one replaces, from this process's environment.
	 * @return the predecessor, or {@code null} when no upgrade started this master
	 */
	public static UpgradeEnvironment.@Nullable Predecessor predecessor() {
		return UpgradeEnvironment.predecessor(System.getenv());
	}

	/**
	 * Whether this master waits to take over from the one it replaces.
	 * @return whether an upgrade started it and it has not taken over yet
	 */
	public boolean pending() {
		return !this.tookOver;
	}

	/**
	 * Connect to the old master, before the first worker starts.
	 * @throws IllegalStateException if the old master cannot be reached: this master then
	 * does not start
	 */
	public void start() {
		UpgradeEnvironment.Predecessor predecessor = this.predecessor;
		if (predecessor == null) {
			return;
		}
		SocketChannel link;
		try {
			link = SocketChannel.open(UnixDomainSocketAddress.of(predecessor.socket()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Upgrade: cannot reach master pid " + predecessor.pid()
					+ ", which started this master, on " + predecessor.socket() + " (" + ex.getMessage()
					+ "); this master does not start", ex);
		}
		synchronized (this) {
			this.link = link;
		}
		logger.info("Upgrade: this master replaces master pid " + predecessor.pid()
				+ " and takes over once its workers are ready; until then the pid file, the REPL and systemd "
				+ "stay the old master's");
		Thread reader = new Thread(() -> awaitTakeOver(predecessor, link), "cluster-master-takeover");
		reader.setDaemon(true);
		reader.start();
	}

	@Override
	public void accept(ClusterStatus status) {
		SocketChannel link;
		long ready = status.count(WorkerState.READY);
		synchronized (this) {
			if (this.readySent || this.link == null || status.quitting() || ready < status.size()) {
				return;
			}
			this.readySent = true;
			link = this.link;
		}
		try {
			link.write(StandardCharsets.UTF_8.encode(MasterUpgrader.READY + " " + ready + "\n"));
		}
		catch (IOException ex) {
			// the reader sees the link closed and says what to do
			logger.debug("Upgrade: telling the old master this one is ready failed: " + ex.getMessage());
		}
	}

	private void awaitTakeOver(UpgradeEnvironment.Predecessor predecessor, SocketChannel link) {
		String line;
		try (link) {
			line = new BufferedReader(Channels.newReader(link, StandardCharsets.UTF_8)).readLine();
		}
		catch (IOException ex) {
			line = null;
		}
		if (MasterUpgrader.TAKE_OVER.equals(line)) {
			takeOver(predecessor);
			return;
		}
		logger.warn("Upgrade: master pid " + predecessor.pid() + " closed the hand-over link before it handed over "
				+ "(it gave the upgrade up, it quits, or it is gone); this master quits");
		this.quit.run();
	}

	private void takeOver(UpgradeEnvironment.Predecessor predecessor) {
		this.tookOver = true;
		long pid = ProcessHandle.current().pid();
		if (this.notifier != null) {
			this.notifier.takeOver(pid);
		}
		this.events.publishEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.TOOK_OVER, predecessor.pid()));
		logger.info("Upgrade: this master (pid " + pid + ") took over from master pid " + predecessor.pid()
				+ ", which drains its workers and exits");
	}

}
