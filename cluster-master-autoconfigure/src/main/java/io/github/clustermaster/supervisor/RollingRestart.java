package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A rolling restart in progress: the generation it moves the pool to, and what to go back
 * to (generation, environment, release) if one of its replacements does not survive its
 * probation. A rollback is a rolling restart too, back to the generation an aborted restart
 * left, of the workers it had already replaced.
 *
 * @author cluster-master
 */
final class RollingRestart {

	final int generation;

	final int previousGeneration;

	final Map<String, String> previousEnv;

	final @Nullable Release previousRelease;

	final int oldWorkers;

	final Instant startedAt;

	final CompletableFuture<RestartResult> future;

	/** Whether this restart rolls an aborted one back; a rollback is not rolled back. */
	final boolean rollback;

	int replaced;

	@Nullable Integer firstReplacement;

	RollingRestart(int generation, int previousGeneration, Map<String, String> previousEnv,
			@Nullable Release previousRelease, int oldWorkers, Instant startedAt,
			CompletableFuture<RestartResult> future, boolean rollback) {
		this.rollback = rollback;
		this.generation = generation;
		this.previousGeneration = previousGeneration;
		this.previousEnv = previousEnv;
		this.previousRelease = previousRelease;
		this.oldWorkers = oldWorkers;
		this.startedAt = startedAt;
		this.future = future;
	}

	/**
	 * Whether the first replacement is booting, or ready but has not yet lived
	 * {@code minAge} since: until it has proven itself, no old worker is stopped and no
	 * other replacement is started.
	 */
	boolean onProbation(Map<Integer, WorkerHandle> workers, Duration minAge, Instant now) {
		WorkerHandle first = (this.firstReplacement != null) ? workers.get(this.firstReplacement) : null;
		return first != null && (first.state == WorkerState.STARTING
				|| (first.state == WorkerState.READY && isOnProbation(first, minAge, now)));
	}

	/**
	 * Whether the worker is one of this restart's replacements and has not proven itself
	 * yet (not ready, or ready for less than {@code minAge}): its death, or a missed boot
	 * timeout, aborts the restart.
	 */
	boolean isOnProbation(WorkerHandle worker, Duration minAge, Instant now) {
		return worker.generation == this.generation
				&& (worker.readyAt == null || now.isBefore(worker.readyAt.plus(minAge)));
	}

	/**
	 * Whether the worker still runs what this restart replaces.
	 */
	boolean replaces(WorkerHandle worker) {
		return worker.generation != this.generation;
	}

}
