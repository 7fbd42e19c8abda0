package io.github.clustermaster.control;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.RestartAbortedException;
import io.github.clustermaster.supervisor.RestartResult;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's one way to run a {@link ClusterCommand}, for every surface: the Actuator
 * endpoint (relayed over IPC), the REPL and the signal handlers. It submits the command
 * to the {@link WorkerPoolManager}, answers as soon as the supervisor has accepted or
 * refused it, and, for a surface that waits, once it has finished. Each outcome's sentence
 * is written here and nowhere else.
 * <p>
 * A new operation is one {@link ClusterCommand} record, one case in {@link #submit}, and
 * one line in each surface that offers it.
 *
 * @author cluster-master
 */
public final class ClusterCommandExecutor {

	private static final Log logger = LogFactory.getLog(ClusterCommandExecutor.class);

	private final WorkerPoolManager pool;

	private final long masterPid;

	/** The pool's warnings for a wanted size, in every descriptor the outcomes carry. */
	private volatile IntFunction<List<PoolWarning>> warnings = (size) -> List.of();

	private final ResizeLimit resizeLimit;

	/** Whether the one graceful quit of a master that handed over has gone through. */
	private final AtomicBoolean handOverQuit = new AtomicBoolean();

	private final MasterUpgrade upgrade;

	/**
	 * Create the executor.
	 * @param pool the pool
	 * @param masterPid the master's pid, reported in the status
	 */
	public ClusterCommandExecutor(WorkerPoolManager pool, long masterPid) {
		this(pool, masterPid, ResizeLimit.NONE);
	}

	/**
	 * Create the executor.
	 * @param pool the pool
	 * @param masterPid the master's pid, reported in the status
	 * @param resizeLimit asked before every resize up that is not forced
	 */
	public ClusterCommandExecutor(WorkerPoolManager pool, long masterPid, ResizeLimit resizeLimit) {
		this(pool, masterPid, resizeLimit, MasterUpgrade.NONE);
	}

	/**
	 * Create the executor.
	 * @param pool the pool
	 * @param masterPid the master's pid, reported in the status
	 * @param resizeLimit asked before every resize up that is not forced
	 * @param upgrade starts a new master for an upgrade
	 */
	public ClusterCommandExecutor(WorkerPoolManager pool, long masterPid, ResizeLimit resizeLimit,
			MasterUpgrade upgrade) {
		this.pool = pool;
		this.masterPid = masterPid;
		this.resizeLimit = resizeLimit;
		this.upgrade = upgrade;
	}

	/**
	 * Run a command and answer once the supervisor has accepted or refused it.
	 * @param command the command
	 * @return its outcome; a refused command is an outcome, not an exception
	 */
	public CompletableFuture<CommandOutcome> execute(ClusterCommand command) {
		return execute(command, 0);
	}

	/**
	 * Run a command relayed by a worker and answer once the supervisor has accepted or
	 * refused it, or, for a restart that asks to {@link ClusterCommand.Restart#awaitOutcome() wait},
	 * once its outcome is known.
	 * @param command the command
	 * @param requester the id of the worker that relayed it and answers it, or 0
	 * @return its outcome; a refused command is an outcome, not an exception
	 */
	public CompletableFuture<CommandOutcome> execute(ClusterCommand command, int requester) {
		Execution execution = submit(command, requester);
		return (command instanceof ClusterCommand.Restart restart && restart.awaitOutcome()) ? execution.done()
				: execution.accepted();
	}

	/**
	 * Run a command.
	 * @param command the command
	 * @return the answers: once accepted or refused, and once finished
	 */
	public Execution submit(ClusterCommand command) {
		return submit(command, 0);
	}

	/**
	 * Run a command relayed by a worker.
	 * @param command the command
	 * @param requester the id of the worker that relayed it and answers it, or 0; a
	 * restart that waits replaces that worker last, after its outcome is known
	 * @return the answers: once accepted or refused, and once finished
	 */
	public Execution submit(ClusterCommand command, int requester) {
		if (command instanceof ClusterCommand.Status) {
			CompletableFuture<CommandOutcome> status = CompletableFuture
				.completedFuture(new CommandOutcome(Outcome.DONE, "status", describe(this.pool.status())));
			return new Execution(status, status);
		}
		long handedOverTo = this.upgrade.handedOverTo();
		if (handedOverTo != 0 && !(command instanceof ClusterCommand.Quit quit
				&& (quit.hard() || (!this.pool.status().quitting() && this.handOverQuit.compareAndSet(false, true))))) {
			// The hand-over's own quit goes through, once (the status may not show it yet); a
			// second graceful one would be a hard one, and the draining workers' requests would fail
			return refusal(Outcome.CONFLICT, capitalized(command.operation()) + " refused: this master has handed "
					+ "over to master pid " + handedOverTo + " and exits once its workers have drained; "
					+ "send it there");
		}
		MasterUpgrade.Upgrading upgrading = this.upgrade.current();
		if (upgrading != null && !(command instanceof ClusterCommand.Quit)) {
			// The new master starts from its own configuration: a change made here now would be lost
			return refusal(Outcome.CONFLICT, capitalized(command.operation()) + " refused: an upgrade to a new master (pid "
					+ upgrading.pid() + ") is running; this master stops once it has taken over");
		}
		if (command instanceof ClusterCommand.Resize resize) {
			return resize(resize.size(), resize.force());
		}
		if (command instanceof ClusterCommand.ResizeBy resize) {
			return resizeBy(resize.delta(), resize.force());
		}
		if (command instanceof ClusterCommand.Restart restart) {
			return restart(restart.env(), restart.awaitOutcome() ? requester : 0);
		}
		if (command instanceof ClusterCommand.Upgrade upgrade) {
			return upgrade(upgrade.java());
		}
		if (command instanceof ClusterCommand.Quit quit) {
			return quit(quit.hard());
		}
		throw new IllegalArgumentException("No case for " + command);
	}

	private Execution resize(int size, boolean force) {
		int from = this.pool.size();
		String refusal = (force || size <= from) ? null : this.resizeLimit.refusal(size);
		if (refusal != null) {
			CompletableFuture<CommandOutcome> refused = CompletableFuture.completedFuture(new CommandOutcome(
					Outcome.CONFLICT, "Resize to " + size + " refused: " + refusal + "; force it to resize anyway",
					describe(this.pool.status())));
			return new Execution(refused, refused);
		}
		return track(this.pool.resize(size),
				(status) -> "Resizing from " + from + " to " + Phrases.workers(size),
				(status) -> (status.size() != size) ? new CommandOutcome(Outcome.FAILED,
						"The resize to " + size + " was superseded by a resize to " + status.size(), describe(status))
						: new CommandOutcome(Outcome.DONE, readiness(status), describe(status)));
	}

	/**
	 * A relative resize: its target is the size the supervisor has when it handles it,
	 * checked there (the range, and the resize limit of a resize up that is not forced).
	 */
	private Execution resizeBy(int delta, boolean force) {
		AtomicInteger target = new AtomicInteger(-1);
		CompletableFuture<ClusterStatus> resized = this.pool.resizeBy(delta, (from, to) -> {
			if (to > ClusterCommand.Resize.MAX_SIZE) {
				throw new IllegalArgumentException(ClusterCommand.Resize.EXPECTED + ", was " + to);
			}
			String refusal = (force || to <= from) ? null : this.resizeLimit.refusal(to);
			if (refusal != null) {
				throw new IllegalStateException(
						"Resize to " + to + " refused: " + refusal + "; force it to resize anyway");
			}
			target.set(to);
		});
		return track(resized,
				(status) -> "Resizing by " + ((delta > 0) ? "+" : "") + delta + " to " + Phrases.workers(target.get()),
				(status) -> (status.size() != target.get()) ? new CommandOutcome(Outcome.FAILED,
						"The resize to " + target.get() + " was superseded by a resize to " + status.size(),
						describe(status)) : new CommandOutcome(Outcome.DONE, readiness(status), describe(status)));
	}

	private Execution upgrade(@Nullable String java) {
		ClusterStatus status = this.pool.status();
		if (status.quitting()) {
			return refusal(Outcome.CONFLICT, "Upgrade refused: the master is quitting");
		}
		if (status.restarting()) {
			return refusal(Outcome.CONFLICT, "Upgrade refused: a rolling restart is running (generation "
					+ status.generation() + "); upgrade once it is done");
		}
		MasterUpgrade.Upgrading upgrading;
		try {
			upgrading = this.upgrade.start(java);
		}
		catch (IllegalArgumentException ex) {
			return refusal(Outcome.REJECTED, "Upgrade refused: " + message(ex));
		}
		catch (IllegalStateException ex) {
			return refusal(Outcome.CONFLICT, "Upgrade refused: " + message(ex));
		}
		long pid = upgrading.pid();
		// Started already: the answer need not wait for the supervisor, and a new master that
		// fails at once is reported by the second answer, not taken for a refusal
		CompletableFuture<CommandOutcome> accepted = CompletableFuture.completedFuture(new CommandOutcome(
				Outcome.STARTED, "Upgrade: new master pid " + pid + " started from " + upgrading.from()
						+ "; this master hands over once the new one has its workers ready",
				describe(status)));
		CompletableFuture<CommandOutcome> done = upgrading.tookOver().handle((workers, ex) -> (ex != null)
				? new CommandOutcome(Outcome.FAILED, message(unwrap(ex)), describe(this.pool.status()))
				: new CommandOutcome(Outcome.DONE, "Upgrade done: master pid " + pid + " took over with "
						+ Phrases.workers(workers) + " ready; this master drains its workers and exits",
						describe(this.pool.status())));
		return new Execution(accepted, done);
	}

	private Execution refusal(Outcome outcome, String message) {
		CompletableFuture<CommandOutcome> refused = CompletableFuture
			.completedFuture(new CommandOutcome(outcome, message, describe(this.pool.status())));
		return new Execution(refused, refused);
	}

	private static String capitalized(String operation) {
		return Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
	}

	private Execution restart(@Nullable Map<String, String> env, int requester) {
		return track(this.pool.restart(env, requester),
				(status) -> "Rolling restart to generation " + status.generation() + " started: replacing "
						+ Phrases.workers((status.rollout() != null) ? status.rollout().total()
								: status.workers()
									.stream()
									.filter((worker) -> worker.generation() != status.generation())
									.count())
						+ ((env != null) ? " with the environment " + env.keySet() : ""),
				(RestartResult result) -> new CommandOutcome(Outcome.DONE,
						"Rolling restart done: generation " + result.generation() + ", "
								+ Phrases.workers(result.replaced()) + " replaced in " + Phrases.duration(result.took())
								+ ((result.release() != null) ? ", on " + result.release() : ""),
						describe(this.pool.status())));
	}

	private Execution quit(boolean hard) {
		ClusterStatus before = this.pool.status();
		String workers = Phrases.workers(before.workers().size());
		String started = hard ? "Killing " + workers + "; the master exits with code 1"
				: before.quitting() ? "Already quitting: killing every worker now; the master exits with code 1"
						: "Quitting: stopping " + workers + " gracefully; the master exits with code 0 once they are gone";
		return track(hard ? this.pool.quitHard() : this.pool.quit(), (status) -> started,
				(code) -> new CommandOutcome(Outcome.DONE, "Every worker is gone; the master exits with code " + code,
						null));
	}

	/**
	 * Answer once the supervisor has handled the command (refused if its future failed by
	 * then, else started), and again once the command's future completes.
	 */
	private <T> Execution track(CompletableFuture<T> command, Function<ClusterStatus, String> started,
			Function<T, CommandOutcome> finished) {
		CompletableFuture<CommandOutcome> accepted = this.pool.freshStatus().handle((status, freshFailure) -> {
			if (command.isCompletedExceptionally()) {
				return refused(unwrap(failure(command)));
			}
			// A quit may end the pool before the fresh status is taken: the last one will do.
			ClusterStatus after = (status != null) ? status : this.pool.status();
			return new CommandOutcome(Outcome.STARTED, started.apply(after), describe(after));
		});
		CompletableFuture<CommandOutcome> done = accepted.thenCompose((outcome) -> (outcome.outcome() != Outcome.STARTED)
				? CompletableFuture.completedFuture(outcome) : command.handle((result, ex) -> {
					if (ex != null) {
						logger.debug("Command ended with: " + unwrap(ex).getMessage());
						return new CommandOutcome(Outcome.FAILED, message(unwrap(ex)), describe(this.pool.status()));
					}
					return finished.apply(result);
				}));
		return new Execution(accepted, done);
	}

	private CommandOutcome refused(Throwable cause) {
		if (cause instanceof IllegalArgumentException) {
			return new CommandOutcome(Outcome.REJECTED, message(cause), describe(this.pool.status()));
		}
		if (cause instanceof IllegalStateException || cause instanceof RestartAbortedException) {
			return new CommandOutcome(Outcome.CONFLICT, message(cause), describe(this.pool.status()));
		}
		throw new CompletionException(cause);
	}

	private static String readiness(ClusterStatus status) {
		return Phrases.workers(status.size()) + ", " + status.count(WorkerState.READY) + " ready: " + status.workers()
			.stream()
			.map((worker) -> worker.id() + ": " + worker.pid())
			.collect(Collectors.joining(", ", "{", "}"));
	}

	private static Throwable failure(CompletableFuture<?> future) {
		try {
			future.join();
			throw new IllegalStateException("not failed");
		}
		catch (CompletionException | CancellationException ex) {
			return ex;
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static String message(Throwable cause) {
		return (cause.getMessage() != null) ? cause.getMessage() : cause.toString();
	}

	private ClusterDescriptor describe(ClusterStatus status) {
		return ClusterDescriptor.of(status, this.masterPid).withWarnings(this.warnings.apply(status.size()));
	}

	/**
	 * Add the pool's warnings to the cluster every outcome describes.
	 * @param warnings the warnings for a wanted size
	 */
	public void warnings(IntFunction<List<PoolWarning>> warnings) {
		this.warnings = warnings;
	}

	/**
	 * The answers to a submitted command.
	 *
	 * @param accepted completed once the supervisor accepted the command
	 * ({@link Outcome#STARTED}, or {@link Outcome#DONE} for a status) or refused it
	 * @param done completed once the command has finished: {@link Outcome#DONE} or
	 * {@link Outcome#FAILED}, or the refusal again
	 */
	public record Execution(CompletableFuture<CommandOutcome> accepted, CompletableFuture<CommandOutcome> done) {

	}

}
