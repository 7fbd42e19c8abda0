package io.github.clustermaster.events;

import java.time.Duration;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.clustermaster.events.MasterEvent.ArchiveBuilt;
import io.github.clustermaster.events.MasterEvent.ArchiveStale;
import io.github.clustermaster.events.MasterEvent.MasterPidOne;
import io.github.clustermaster.events.MasterEvent.MasterStarting;
import io.github.clustermaster.events.MasterEvent.MessageListenerFailed;
import io.github.clustermaster.events.MasterEvent.PortShared;
import io.github.clustermaster.events.MasterEvent.ReplClientLeft;
import io.github.clustermaster.events.MasterEvent.ReplListening;
import io.github.clustermaster.events.MasterEvent.ScheduledWork;
import io.github.clustermaster.events.MasterEvent.SignalRefused;
import io.github.clustermaster.events.MasterEvent.UpgradeFailed;
import io.github.clustermaster.events.MasterEvent.UpgradeReady;
import io.github.clustermaster.events.MasterEvent.UpgradeStarted;

/**
 * The one place the master's own events become log lines: each event's sentence, its
 * level, and its logger, the class that logged the sentence before the events existed
 * (named here, since this package knows none of them). Users' logs and the docs quote
 * these sentences.
 *
 * @author cluster-master
 */
public final class MasterLog {

	private static final String PACKAGE = "io.github.clustermaster.";

	private MasterLog() {
	}

	/**
	 * Log an event: its sentence at its level, under its logger.
	 * @param event the event
	 */
	public static void log(MasterEvent event) {
		Log logger = LogFactory.getLog(logger(event));
		String text = text(event);
		if (event instanceof MessageListenerFailed failed) {
			logger.error(text, failed.error());
		}
		else if (event instanceof MasterPidOne || event instanceof UpgradeFailed || event instanceof SignalRefused
				|| event instanceof ArchiveStale) {
			logger.warn(text);
		}
		else {
			logger.info(text);
		}
	}

	/**
	 * The name of the logger an event is logged under.
	 * @param event the event
	 * @return the logger's name
	 */
	static String logger(MasterEvent event) {
		if (event instanceof MasterStarting || event instanceof MasterPidOne) {
			return PACKAGE + "master.MasterLifecycle";
		}
		if (event instanceof PortShared) {
			return PACKAGE + "master.port.MasterPort";
		}
		if (event instanceof UpgradeStarted || event instanceof UpgradeReady || event instanceof UpgradeFailed) {
			return PACKAGE + "master.upgrade.MasterUpgrader";
		}
		if (event instanceof SignalRefused) {
			return PACKAGE + "master.MasterSignals";
		}
		if (event instanceof ReplListening) {
			return PACKAGE + "shell.ReplServer";
		}
		if (event instanceof ReplClientLeft) {
			return PACKAGE + "shell.ReplSession";
		}
		if (event instanceof ScheduledWork scheduled) {
			return scheduled.logger();
		}
		if (event instanceof MessageListenerFailed) {
			return PACKAGE + "messaging.MasterMessaging";
		}
		return PACKAGE + "release.ClassDataArchives";
	}

	/**
	 * The sentence of an event, as logged.
	 * @param event the event
	 * @return the sentence
	 */
	public static String text(MasterEvent event) {
		if (event instanceof MasterStarting starting) {
			return "Master pid " + starting.pid() + " starts " + workers(starting.workers()) + " on " + starting.port();
		}
		if (event instanceof MasterPidOne) {
			return "The master runs as PID 1 (a container started without an init process): it reaps its own "
					+ "workers, but no other process that ends up re-parented to it, and those stay zombies. Start "
					+ "the container with an init (docker run --init, tini, dumb-init; Kubernetes: "
					+ "shareProcessNamespace or an init in the image)";
		}
		if (event instanceof PortShared shared) {
			return "Workers share " + shared.address() + " via " + shared.via()
					+ ((shared.unboundServerPort() != null)
							? "; server.port=" + shared.unboundServerPort() + " is not bound" : "");
		}
		if (event instanceof UpgradeStarted started) {
			return "Upgrade: new master pid " + started.pid() + " started from " + started.from()
					+ ((started.java() != null) ? " with " + started.java() : "")
					+ (started.socket() ? ", handed the listening socket" : "")
					+ "; this master hands over once the new one has its workers ready (at most "
					+ started.timeout().toSeconds() + " s)";
		}
		if (event instanceof UpgradeReady ready) {
			return "Upgrade: new master pid " + ready.pid() + " ready with " + workers(ready.workers())
					+ "; this master drains its workers and exits";
		}
		if (event instanceof UpgradeFailed failed) {
			Duration killIn = failed.killIn();
			return "Upgrade failed: new master pid " + failed.pid() + " " + failed.reason() + "; this master serves on"
					+ ((killIn != null) ? " (the new master is stopped, killed if it is still there in "
							+ killIn.toSeconds() + " s)" : "");
		}
		return other(event);
	}

	private static String other(MasterEvent event) {
		if (event instanceof SignalRefused refused) {
			return "SIG" + refused.signal() + " refused: " + refused.reason();
		}
		if (event instanceof ReplListening listening) {
			String file = listening.socketFile();
			return "REPL listening on " + listening.address()
					+ ((file != null) ? ": connect with nc -U " + file + " or socat - UNIX-CONNECT:" + file : "");
		}
		if (event instanceof ReplClientLeft left) {
			return "REPL session " + left.session() + ": the client left in the middle of a line ("
					+ left.droppedBytes() + " bytes), which was not run";
		}
		if (event instanceof ScheduledWork scheduled) {
			return "Scheduled work: " + (scheduled.oncePerPool() ? "once per pool" : "in every worker")
					+ " (cluster.master.scheduling=" + scheduled.scheduling() + ")";
		}
		if (event instanceof MessageListenerFailed failed) {
			return "Message listener " + failed.listener() + " failed on a message from worker " + failed.worker()
					+ " (pid " + failed.pid() + "): " + failed.error();
		}
		if (event instanceof ArchiveBuilt built) {
			return "Built the " + built.mode() + " archive of " + built.release() + " in "
					+ String.format(Locale.ROOT, "%.1f s", built.took().toNanos() / 1e9) + " (" + built.mebibytes()
					+ " MiB, " + built.file() + "): later workers boot with it";
		}
		ArchiveStale stale = (ArchiveStale) event;
		return "The " + stale.mode() + " archive " + stale.file() + " no longer matches " + stale.changed()
				+ ", so the JVM would reject it; workers start without it until it is rebuilt";
	}

	private static String workers(int workers) {
		return workers + ((workers == 1) ? " worker" : " workers");
	}

}
