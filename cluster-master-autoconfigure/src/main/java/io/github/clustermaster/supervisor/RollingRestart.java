package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A rolling restart in progress: the generation it moves the pool to, and what to go back
 * to (generation, environment, release) if its first replacement does not survive
 * probation.
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

	int replaced;

	@Nullable Integer firstReplacement;

	RollingRestart(int generation, int previousGeneration, Map<String, String> previousEnv,
			@Nullable Release previousRelease, int oldWorkers, Instant startedAt,
			CompletableFuture<RestartResult> future) {
		this.generation = generation;
		this.previousGeneration = previousGeneration;
		this.previousEnv = previousEnv;
		this.previousRelease = previousRelease;
		this.oldWorkers = oldWorkers;
		this.startedAt = startedAt;
		this.future = future;
	}

	/**
	 * Whether the first replacement is ready but has not yet lived {@code minAge} since,
	 * so no old worker may be stopped yet.
	 */
	boolean onProbation(Map<Integer, WorkerHandle> workers, Duration minAge, Instant now) {
		WorkerHandle first = (this.firstReplacement != null) ? workers.get(this.firstReplacement) : null;
		return first != null && first.state == WorkerState.READY && isOnProbation(first, minAge, now);
	}

	/**
	 * Whether the worker is the first replacement and has not proven itself yet: its
	 * death aborts the restart.
	 */
	boolean isOnProbation(WorkerHandle worker, Duration minAge, Instant now) {
		return this.firstReplacement != null && worker.id == this.firstReplacement
				&& (worker.readyAt == null || now.isBefore(worker.readyAt.plus(minAge)));
	}

}
