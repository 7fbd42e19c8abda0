package io.github.clustermaster.control;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.RestartAbortedException;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's side of the control protocol: runs each {@link ClusterCommand} on the
 * {@link WorkerPoolManager} and answers as soon as the supervisor has accepted or refused
 * it. A restart, a resize or a quit goes on after the answer ({@link Outcome#STARTED});
 * one the supervisor refuses changes nothing ({@link Outcome#CONFLICT}).
 *
 * @author cluster-master
 */
public final class ClusterCommands {

	private static final Log logger = LogFactory.getLog(ClusterCommands.class);

	/** The largest pool a command may ask for; the same bound as {@code cluster.master.size}. */
	public static final int MAX_SIZE = WorkerPoolManager.MAX_SIZE;

	private final WorkerPoolManager pool;

	private final long masterPid;

	/**
	 * Create the adapter.
	 * @param pool the pool
	 * @param masterPid the master's pid, reported in the status
	 */
	public ClusterCommands(WorkerPoolManager pool, long masterPid) {
		this.pool = pool;
		this.masterPid = masterPid;
	}

	/**
	 * Run a command.
	 * @param command the command
	 * @return its outcome; never completed exceptionally for a refused command
	 */
	public CompletableFuture<CommandOutcome> execute(ClusterCommand command) {
		return switch (command.operation()) {
			case ClusterCommand.STATUS -> CompletableFuture.completedFuture(
					new CommandOutcome(Outcome.DONE, "status", describe(this.pool.status())));
			case ClusterCommand.RESIZE -> resize(command.size());
			case ClusterCommand.RESTART -> restart(command.env());
			case ClusterCommand.QUIT -> quit(Boolean.TRUE.equals(command.hard()));
			default -> CompletableFuture.completedFuture(new CommandOutcome(Outcome.REJECTED,
					"Unknown operation '" + command.operation() + "'; expected status, resize, restart or quit", null));
		};
	}

	private CompletableFuture<CommandOutcome> resize(@Nullable Integer size) {
		if (size == null || size < 0 || size > MAX_SIZE) {
			return CompletableFuture.completedFuture(new CommandOutcome(Outcome.REJECTED,
					"size must be a number from 0 to " + MAX_SIZE + ", was " + size, null));
		}
		int from = this.pool.size();
		return accepted(this.pool.resize(size),
				(status) -> "Resizing the cluster from " + from + " to " + size + " workers");
	}

	private CompletableFuture<CommandOutcome> restart(@Nullable Map<String, String> env) {
		return accepted(this.pool.restart(env),
				(status) -> "Rolling restart to generation " + status.generation() + " started: replacing "
						+ status.workers().stream().filter((worker) -> worker.generation() < status.generation()).count()
						+ " workers one at a time" + ((env != null) ? " with the environment " + env.keySet() : ""));
	}

	private CompletableFuture<CommandOutcome> quit(boolean hard) {
		int workers = this.pool.workers().size();
		CompletableFuture<Integer> quit = hard ? this.pool.quitHard() : this.pool.quit();
		return accepted(quit, (status) -> (hard ? "Quitting hard: killing " : "Quitting: stopping ") + workers
				+ " workers" + (hard ? "" : " gracefully") + ", then the master exits");
	}

	/**
	 * Answer once the supervisor has handled the command: refused if its future failed by
	 * then, else started.
	 */
	private CompletableFuture<CommandOutcome> accepted(CompletableFuture<?> command,
			Function<ClusterStatus, String> started) {
		command.whenComplete((result, ex) -> {
			if (ex != null) {
				logger.debug("Command ended with: " + unwrap(ex).getMessage());
			}
		});
		CompletableFuture<ClusterStatus> fresh = this.pool.freshStatus();
		return fresh.handle((status, freshFailure) -> {
			if (command.isCompletedExceptionally()) {
				return refused(unwrap(failure(command)));
			}
			// A quit may end the pool before the fresh status is taken: the last one will do.
			ClusterStatus after = (status != null) ? status : this.pool.status();
			return new CommandOutcome(Outcome.STARTED, started.apply(after), describe(after));
		});
	}

	private CommandOutcome refused(Throwable cause) {
		if (cause instanceof IllegalArgumentException) {
			return new CommandOutcome(Outcome.REJECTED, cause.getMessage(), describe(this.pool.status()));
		}
		if (cause instanceof IllegalStateException || cause instanceof RestartAbortedException) {
			return new CommandOutcome(Outcome.CONFLICT, cause.getMessage(), describe(this.pool.status()));
		}
		throw new CompletionException(cause);
	}

	private static Throwable failure(CompletableFuture<?> future) {
		try {
			future.join();
			throw new IllegalStateException("not failed");
		}
		catch (CompletionException | java.util.concurrent.CancellationException ex) {
			return ex;
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private ClusterDescriptor describe(ClusterStatus status) {
		return ClusterDescriptor.of(status, this.masterPid);
	}

}
