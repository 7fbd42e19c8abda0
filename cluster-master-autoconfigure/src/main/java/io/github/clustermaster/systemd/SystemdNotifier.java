package io.github.clustermaster.systemd;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells the service manager what the master is doing, from the statuses the supervisor
 * publishes on its own thread after every step (at least ten a second):
 * <ul>
 * <li>{@code READY=1} once {@code size} workers are ready, not before (gunicorn says it
 * before any worker booted);</li>
 * <li>{@code RELOADING=1} with {@code MONOTONIC_USEC} when a rolling restart starts and
 * {@code READY=1} when it ends ({@code Type=notify-reload}, {@code ReloadSignal=SIGHUP});</li>
 * <li>{@code STOPPING=1} on quit;</li>
 * <li>{@code STATUS=} with ready/size, the generation and what the master is doing, when it
 * changes;</li>
 * <li>{@code EXTEND_TIMEOUT_USEC} while workers boot or stop, so that JVM boots slower than
 * the unit's start timeout are not taken for a hung start, yet a master that stops making
 * progress is;</li>
 * <li>{@code WATCHDOG=1} at half the {@code WATCHDOG_USEC} interval: from the supervisor
 * loop itself, so a stuck loop is caught, and a restart does not stop the pings (puma's
 * watchdog killed it during a hot restart, puma#3329).</li>
 * </ul>
 * A master upgrade ({@code SIGUSR2}) moves the service to a new master: the old one says
 * {@code RELOADING=1} when it starts the new one, and {@code MAINPID=<new pid>} once the
 * new one is ready, then nothing more (its drain is no {@code STOPPING=1}); the new one,
 * silent until then, says {@code MAINPID=} and {@code READY=1} and pings the watchdog from
 * then on. systemd takes notifications from a process other than the main one only with
 * {@code NotifyAccess=all}. If the new master fails, the old one says {@code READY=1} again.
 *
 * @author cluster-master
 */
public final class SystemdNotifier implements Consumer<ClusterStatus> {

	/** How long each extension of a start or stop timeout lasts. */
	static final Duration EXTENSION = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(SystemdNotifier.class);

	private final NotificationSender sender;

	private final @Nullable Duration watchdog;

	private final LongSupplier nanoTime;

	private boolean ready;

	private boolean reloading;

	private boolean stopping;

	private @Nullable String statusLine;

	private long lastWatchdog;

	private long lastExtension;

	/** Whether another master speaks for the service: before a take-over, or after a hand-over. */
	private boolean silent;

	/** The pid to announce as the main one with the next notification, or 0. */
	private long announceMainPid;

	/** What the status line says about an upgrade under way, or {@code null}. */
	private @Nullable String upgrade;

	/**
	 * Create a notifier.
	 * @param sender where notifications go
	 * @param watchdog the watchdog interval, or {@code null} for none
	 * @param nanoTime {@link System#nanoTime()}: {@code CLOCK_MONOTONIC} on Linux, the clock
	 * systemd reads {@code MONOTONIC_USEC} against
	 */
	SystemdNotifier(NotificationSender sender, @Nullable Duration watchdog, LongSupplier nanoTime) {
		this(sender, watchdog, nanoTime, false);
	}

	/**
	 * Create a notifier.
	 * @param sender where notifications go
	 * @param watchdog the watchdog interval, or {@code null} for none
	 * @param nanoTime {@link System#nanoTime()}
	 * @param takingOver whether this master replaces another and stays silent until it
	 * {@link #takeOver(long) takes over}
	 */
	SystemdNotifier(NotificationSender sender, @Nullable Duration watchdog, LongSupplier nanoTime,
			boolean takingOver) {
		this.silent = takingOver;
		this.sender = sender;
		this.watchdog = watchdog;
		this.nanoTime = nanoTime;
		long now = nanoTime.getAsLong();
		this.lastWatchdog = now;
		this.lastExtension = now - EXTENSION.toNanos();
	}

	/**
	 * A notifier for the service manager that started this process, if one did.
	 * @param environment the process's environment
	 * @param pid this process's pid
	 * @return the notifier, or {@code null} without {@code NOTIFY_SOCKET}
	 */
	public static @Nullable SystemdNotifier fromEnvironment(Map<String, String> environment, long pid) {
		return fromEnvironment(environment, pid, false);
	}

	/**
	 * A notifier for the service manager that started this process, or the master this
	 * one replaces, if one did.
	 * @param environment the process's environment
	 * @param pid this process's pid
	 * @param takingOver whether this master replaces another and stays silent until it
	 * {@link #takeOver(long) takes over}
	 * @return the notifier, or {@code null} without {@code NOTIFY_SOCKET}
	 */
	public static @Nullable SystemdNotifier fromEnvironment(Map<String, String> environment, long pid,
			boolean takingOver) {
		SdNotify sender;
		try {
			sender = SdNotify.fromEnvironment(environment);
		}
		catch (Exception ex) {
			logger.warn("Cannot notify the service manager on " + SystemdEnvironment.NOTIFY_SOCKET + "="
					+ environment.get(SystemdEnvironment.NOTIFY_SOCKET) + ": " + ex.getMessage());
			return null;
		}
		if (sender == null) {
			return null;
		}
		Duration watchdog = watchdog(environment, pid);
		logger.info("Notifying the service manager on " + environment.get(SystemdEnvironment.NOTIFY_SOCKET)
				+ ((watchdog != null) ? ", watchdog every " + watchdog.dividedBy(2).toMillis() + " ms" : ""));
		return new SystemdNotifier(sender, watchdog, System::nanoTime, takingOver);
	}

	static @Nullable Duration watchdog(Map<String, String> environment, long pid) {
		String usec = environment.get(SystemdEnvironment.WATCHDOG_USEC);
		String watchdogPid = environment.get(SystemdEnvironment.WATCHDOG_PID);
		try {
			if (usec == null || (watchdogPid != null && Long.parseLong(watchdogPid.trim()) != pid)) {
				return null;
			}
			long micros = Long.parseLong(usec.trim());
			return (micros > 0) ? Duration.of(micros, ChronoUnit.MICROS) : null;
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring the watchdog: " + SystemdEnvironment.WATCHDOG_USEC + "=" + usec + " is not a number");
			return null;
		}
	}

	/**
	 * An upgrade started a new master: the service reloads until it is ready
	 * ({@code Type=notify-reload} waits for the {@code READY=1} of whichever master ends
	 * it).
	 * @param newPid the new master's pid
	 */
	public synchronized void upgradeStarted(long newPid) {
		this.upgrade = "upgrading to master pid " + newPid;
		if (!this.silent) {
			this.sender.send("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(this.nanoTime.getAsLong())
					+ "\nSTATUS=Upgrade: new master pid " + newPid + " starting");
			this.statusLine = null;
		}
	}

	/**
	 * The upgrade failed and this master serves on: the reload ends.
	 * @param reason why, for the status line
	 */
	public synchronized void upgradeFailed(String reason) {
		this.upgrade = null;
		if (!this.silent) {
			this.sender.send("READY=1\nSTATUS=Upgrade failed: " + reason);
			this.statusLine = null;
		}
	}

	/**
	 * The new master is ready: it becomes the service's main process, and this master,
	 * which drains its workers and exits, tells the service manager nothing more.
	 * @param newPid the new master's pid
	 */
	public synchronized void handOver(long newPid) {
		if (!this.silent) {
			this.sender.send("MAINPID=" + newPid + "\nSTATUS=Upgrade: master pid " + newPid + " took over");
		}
		this.silent = true;
	}

	/**
	 * This master has taken over from the one it replaces: from the next status on it
	 * speaks for the service, starting with {@code MAINPID=} (its own) and {@code READY=1}.
	 * @param pid this master's pid
	 */
	public synchronized void takeOver(long pid) {
		this.silent = false;
		this.announceMainPid = pid;
		this.ready = false;
		this.statusLine = null;
	}

	@Override
	public synchronized void accept(ClusterStatus status) {
		if (this.silent) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		List<String> lines = new ArrayList<>(4);
		if (this.announceMainPid != 0 && status.count(WorkerState.READY) >= status.size()) {
			lines.add("MAINPID=" + this.announceMainPid);
			this.announceMainPid = 0;
		}
		long readyWorkers = status.count(WorkerState.READY);
		if (status.quitting()) {
			if (!this.stopping) {
				this.stopping = true;
				lines.add("STOPPING=1");
			}
		}
		else if (!this.ready) {
			if (readyWorkers >= status.size()) {
				this.ready = true;
				this.reloading = status.restarting();
				lines.add("READY=1");
			}
		}
		else if (status.restarting() != this.reloading) {
			this.reloading = status.restarting();
			lines.add(this.reloading ? "RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(now)
					: "READY=1");
		}
		String statusLine = statusLine(status, readyWorkers);
		if (!statusLine.equals(this.statusLine)) {
			this.statusLine = statusLine;
			lines.add("STATUS=" + statusLine);
		}
		boolean waiting = this.stopping || !this.ready;
		if (waiting && now - this.lastExtension >= EXTENSION.toNanos() / 3) {
			this.lastExtension = now;
			lines.add("EXTEND_TIMEOUT_USEC=" + EXTENSION.toNanos() / 1000);
		}
		if (this.watchdog != null && now - this.lastWatchdog >= this.watchdog.toNanos() / 2) {
			this.lastWatchdog = now;
			lines.add("WATCHDOG=1");
		}
		if (!lines.isEmpty()) {
			this.sender.send(String.join("\n", lines));
		}
	}

	private String statusLine(ClusterStatus status, long readyWorkers) {
		StringBuilder line = new StringBuilder().append(readyWorkers)
			.append('/')
			.append(status.size())
			.append(" workers ready, generation ")
			.append(status.generation());
		if (status.quitting()) {
			line.append(", quitting");
		}
		else if (status.restarting()) {
			line.append(", rolling restart");
		}
		else if (readyWorkers < status.size()) {
			line.append(", starting workers");
		}
		if (this.upgrade != null) {
			line.append(", ").append(this.upgrade);
		}
		if (status.failed()) {
			line.append(", gave up respawning crashed workers");
		}
		else if (status.danger()) {
			line.append(", workers crash: respawns backed off");
		}
		return line.toString();
	}

}
