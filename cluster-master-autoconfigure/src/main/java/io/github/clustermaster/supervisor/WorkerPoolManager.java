package io.github.clustermaster.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The master's API to the pool of workers. Every call is handed to the one supervisor
 * thread; the returned future completes with the outcome.
 *
 * @author cluster-master
 */
public interface WorkerPoolManager {

	/**
	 * Set the number of workers: spawn the missing ones, or gracefully stop the newest.
	 * Clears a previous "gave up" state.
	 * @param size the number of workers, 0 or more
	 * @return a future completed when exactly {@code size} workers are ready, or
	 * superseded by a later resize
	 */
	CompletableFuture<ClusterStatus> resize(int size);

	/**
	 * Change the number of workers by {@code delta} from the size the supervisor has when it
	 * handles the call, so that two calls in a row (two SIGTTINs) add two workers, never
	 * fewer than 0. Clears a previous "gave up" state.
	 * @param delta how many workers to add (negative: to remove)
	 * @param check asked on the supervisor's thread with the size before and the size
	 * wanted; it refuses the resize by throwing {@link IllegalArgumentException} or
	 * {@link IllegalStateException}, which fails the returned future. It must be quick
	 * and must not block.
	 * @return a future completed as that of {@link #resize(int)}
	 */
	default CompletableFuture<ClusterStatus> resizeBy(int delta, SizeCheck check) {
		int from = size();
		int to = Math.max(0, from + delta);
		try {
			check.check(from, to);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return resize(to);
	}

	/**
	 * Replace every worker, in surges of at most max-surge after the first, never with
	 * fewer than {@code size} ready workers. The first replacement boots alone; any
	 * replacement that dies before it is ready, or within {@code min-restart-age} of it,
	 * aborts the restart, and the replacements already serving are rolled back to the
	 * previous generation, environment and release.
	 * @param env if not {@code null}, the environment new workers get instead of the
	 * configured one (as in Node's cluster-master)
	 * @param requester the id of the worker that relayed the request and waits to answer it
	 * with the outcome, or 0: being one of the old workers, it is stopped last, after the
	 * future has completed
	 * @return a future completed once every old worker is replaced and every replacement
	 * has proven itself, or completed exceptionally with {@link IllegalStateException} if
	 * a restart is already running or the release is refused, or with
	 * {@link RestartAbortedException} once an aborted restart has been rolled back
	 */
	CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env, int requester);

	/**
	 * A rolling restart that no worker waits to answer.
	 * @param env if not {@code null}, the environment new workers get instead of the
	 * configured one
	 * @return see {@link #restart(Map, int)}
	 */
	default CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env) {
		return restart(env, 0);
	}

	/**
	 * A rolling restart with the current environment.
	 * @return see {@link #restart(Map, int)}
	 */
	default CompletableFuture<RestartResult> restart() {
		return restart(null);
	}

	/**
	 * Stop every worker gracefully, then let the master exit with code 0. A second quit
	 * is a {@link #quitHard()}.
	 * @return a future completed with the master's exit code when every worker is gone
	 */
	CompletableFuture<Integer> quit();

	/**
	 * Kill every worker, then let the master exit with code 1.
	 * @return a future completed with the master's exit code when every worker is gone
	 */
	CompletableFuture<Integer> quitHard();

	/**
	 * The latest snapshot of the pool.
	 * @return the status
	 */
	ClusterStatus status();

	/**
	 * A snapshot taken once every command submitted before this call has been handled: a
	 * command's future that is not completed exceptionally by then was accepted (a restart
	 * is running, a resize is under way).
	 * @return a future of the status
	 */
	CompletableFuture<ClusterStatus> freshStatus();

	/**
	 * Checks a relative resize once its target is known.
	 */
	@FunctionalInterface
	interface SizeCheck {

		/** Checks nothing. */
		SizeCheck NONE = (from, to) -> {
		};

		/**
		 * Check a resize.
		 * @param from the size before
		 * @param to the size wanted
		 * @throws IllegalArgumentException if the size is out of range
		 * @throws IllegalStateException if the pool should not have that size
		 */
		void check(int from, int to);

	}

	/**
	 * The workers, oldest first.
	 * @return the workers
	 */
	default List<WorkerInfo> workers() {
		return status().workers();
	}

	/**
	 * The wanted number of workers.
	 * @return the size
	 */
	default int size() {
		return status().size();
	}

}
