package io.github.clustermaster.master;

import java.util.function.Supplier;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The master's signal handlers. Like gunicorn's, they only hand a command to the
 * {@link ClusterCommandExecutor}, as the endpoint and the REPL do: SIGHUP restarts,
 * SIGINT and SIGTERM quit (a second one quits hard), SIGTTIN and SIGTTOU add or remove a
 * worker.
 *
 * @author cluster-master
 */
final class MasterSignals {

	private static final Log logger = LogFactory.getLog(MasterSignals.class);

	private final ClusterCommandExecutor executor;

	private final WorkerPoolManager pool;

	MasterSignals(ClusterCommandExecutor executor, WorkerPoolManager pool) {
		this.executor = executor;
		this.pool = pool;
	}

	void install() {
		handle("HUP", "restart", () -> new ClusterCommand.Restart(null));
		handle("INT", "quit", () -> new ClusterCommand.Quit(false));
		handle("TERM", "quit", () -> new ClusterCommand.Quit(false));
		handle("TTIN", "resize", () -> new ClusterCommand.Resize(this.pool.size() + 1));
		handle("TTOU", "resize", () -> new ClusterCommand.Resize(Math.max(0, this.pool.size() - 1)));
	}

	/**
	 * Hand the signal to the command.
	 * @param name the signal's name without {@code SIG}
	 * @param operation the REPL command and endpoint operation that does the same
	 * @param command the command the signal runs, built when it arrives
	 * @return whether the handler is installed
	 */
	boolean handle(String name, String operation, Supplier<ClusterCommand> command) {
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
				logger.warn("SIG" + name + " was ignored when this JVM started (nohup, or a parent process that "
						+ "ignores it), and the JVM keeps it ignored: kill -" + name + " does nothing here. Use the "
						+ "REPL's '" + operation + "' or POST /actuator/cluster/" + operation + " instead");
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

	private static void log(String name, @Nullable CommandOutcome outcome, @Nullable Throwable ex) {
		if (ex != null) {
			logger.warn("SIG" + name + ": " + ex.getMessage());
		}
		else if (outcome != null && outcome.outcome() == CommandOutcome.Outcome.STARTED) {
			logger.info("SIG" + name + ": " + outcome.message());
		}
		else if (outcome != null) {
			logger.warn("SIG" + name + " refused: " + outcome.message());
		}
	}

}
