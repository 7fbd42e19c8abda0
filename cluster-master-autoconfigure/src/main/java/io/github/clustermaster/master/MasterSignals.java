package io.github.clustermaster.master;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;

/**
 * The master's signal handlers. Like gunicorn's, they only hand a command to the
 * supervisor: SIGHUP restarts, SIGINT and SIGTERM quit (a second one quits hard), SIGTTIN
 * and SIGTTOU add or remove a worker.
 *
 * @author cluster-master
 */
final class MasterSignals {

	private static final Log logger = LogFactory.getLog(MasterSignals.class);

	private final WorkerPoolManager pool;

	MasterSignals(WorkerPoolManager pool) {
		this.pool = pool;
	}

	void install() {
		handle("HUP", this.pool::restart);
		handle("INT", this.pool::quit);
		handle("TERM", this.pool::quit);
		handle("TTIN", () -> this.pool.resize(this.pool.size() + 1));
		handle("TTOU", () -> this.pool.resize(Math.max(0, this.pool.size() - 1)));
	}

	private void handle(String name, Supplier<CompletableFuture<?>> command) {
		try {
			Signal.handle(new Signal(name), (signal) -> {
				logger.info("Received SIG" + name);
				command.get().whenComplete((result, ex) -> {
					if (ex != null) {
						logger.warn("SIG" + name + ": " + ex.getMessage());
					}
				});
			});
		}
		catch (IllegalArgumentException ex) {
			// Taken by the JVM (e.g. -Xrs) or unknown on this platform.
			logger.warn("Cannot handle SIG" + name + " here: " + ex.getMessage());
		}
	}

}
