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
	 * Replace every worker, in surges of at most max-surge after the first, never with fewer than {@code size} ready
	 * workers. The first replacement is on probation: if it dies within
	 * {@code min-restart-age}, the restart is aborted and the old workers are kept.
	 * @param env if not {@code null}, the environment new workers get instead of the
	 * configured one (as in Node's cluster-master)
	 * @return a future completed when every old worker is replaced and has exited, or completed
	 * exceptionally with {@link IllegalStateException} if a restart is already running, or
	 * with {@link RestartAbortedException} if it was aborted
	 */
	CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env);

	/**
	 * A rolling restart with the current environment.
	 * @return see {@link #restart(Map)}
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
