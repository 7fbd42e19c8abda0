package io.github.clustermaster.master;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.events.MasterEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The master's signal handlers. Like gunicorn's, they only hand a command to the
 * {@link ClusterCommandExecutor}, as the endpoint and the REPL do: SIGHUP restarts,
 * SIGINT and SIGTERM quit (a second one quits hard), SIGTTIN and SIGTTOU add or remove a
 * worker, SIGUSR2 upgrades the master (a new master from the deploy path takes over).
 *
 * @author cluster-master
 */
final class MasterSignals {

	private static final Log logger = LogFactory.getLog(MasterSignals.class);

	private final ClusterCommandExecutor executor;

	private final Consumer<MasterEvent> events;

	MasterSignals(ClusterCommandExecutor executor, Consumer<MasterEvent> events) {
		this.executor = executor;
		this.events = events;
	}

	void install() {
		handle("HUP", () -> new ClusterCommand.Restart(null));
		handle("INT", () -> new ClusterCommand.Quit(false));
		handle("TERM", () -> new ClusterCommand.Quit(false));
		// Relative, applied on the supervisor's thread: two TTINs in a row add two workers
		handle("TTIN", () -> ClusterCommand.ResizeBy.by(1));
		handle("TTOU", () -> ClusterCommand.ResizeBy.by(-1));
		handle("USR2", ClusterCommand.Upgrade::new);
	}

	/**
	 * The commands that do what the signal does, each surface's in its own words: a quit
	 * is the REPL's {@code stop} (its {@code quit} only closes the session).
	 * @param name the signal's name without {@code SIG}
	 * @return the REPL command, the endpoint operation and, where it helps, another signal
	 */
	static String instead(String name) {
		return switch (name) {
			case "HUP" -> "the REPL's 'restart' or POST /actuator/cluster/restart";
			// A master started with & by a non-interactive shell ignores SIGINT, not SIGTERM
			case "INT" -> "the REPL's 'stop', POST /actuator/cluster/quit or kill -TERM "
					+ ProcessHandle.current().pid();
			case "TERM" -> "the REPL's 'stop' or POST /actuator/cluster/quit";
			case "USR2" -> "the REPL's 'upgrade' or POST /actuator/cluster/upgrade";
			default -> "the REPL's 'resize <n>' or POST /actuator/cluster/resize {\"size\": n}";
		};
	}

	/**
	 * Hand the signal to the command.
	 * @param name the signal's name without {@code SIG}
	 * @param command the command the signal runs, built when it arrives
	 * @return whether the handler is installed
	 */
	boolean handle(String name, Supplier<ClusterCommand> command) {
		Signal signal = new Signal(name);
		SignalHandler handler = (received) -> {
			logger.info("Received SIG" + name);
			try {
				this.executor.execute(command.get()).whenComplete((outcome, ex) -> log(name, outcome, ex));
			}
			catch (IllegalArgumentException ex) {
				logger.warn("SIG" + name + ": " + ex.getMessage());
			}
		};
		try {
			// Asked twice: the second answer is the handler in place after the first
			if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN
					&& Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
				logger.warn("SIG" + name + " was ignored when this JVM started (nohup, & in a script, or a parent that "
						+ "ignores it), and the JVM keeps it ignored: kill -" + name + " does nothing here. Use "
						+ instead(name) + " instead");
				return false;
			}
			return true;
		}
		catch (IllegalArgumentException ex) {
			// Taken by the JVM (e.g. -Xrs) or unknown on this platform.
			logger.warn("Cannot handle SIG" + name + " here: " + ex.getMessage());
			return false;
		}
	}

	private void log(String name, @Nullable CommandOutcome outcome, @Nullable Throwable ex) {
		if (ex != null) {
			logger.warn("SIG" + name + ": " + ex.getMessage());
		}
		else if (outcome != null && outcome.outcome() == CommandOutcome.Outcome.STARTED) {
			logger.info("SIG" + name + ": " + outcome.message());
		}
		else if (outcome != null) {
			this.events.accept(new MasterEvent.SignalRefused(name, outcome.message()));
		}
	}

}
