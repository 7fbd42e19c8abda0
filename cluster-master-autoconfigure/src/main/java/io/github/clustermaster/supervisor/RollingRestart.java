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

	/** The release it rolls onto, or {@code null} for launches without one. */
	final @Nullable Release release;

	final int oldWorkers;

	final Instant startedAt;

	/**
	 * Completed with the outcome. A rollback shares the future of the restart it undoes:
	 * that restart's outcome is known once the rollback has ended.
	 */
	final CompletableFuture<RestartResult> future;

	/**
	 * The id of the worker that relayed the request and waits to answer it with the
	 * outcome, or 0. Being one of the old workers, it is stopped last, once the outcome is
	 * known, so that its answer is not cut off by its own drain.
	 */
	final int requester;

	/** For a rollback, the aborted restart it undoes; {@code null} for a restart. */
	final @Nullable RollingRestart undoes;

	/** Whether this restart rolls an aborted one back; a rollback is not rolled back. */
	final boolean rollback;

	int replaced;

	@Nullable Integer firstReplacement;

	/** Why it was aborted, once it was. */
	@Nullable String abortedBecause;

	RollingRestart(int generation, int previousGeneration, Map<String, String> previousEnv,
			@Nullable Release previousRelease, @Nullable Release release, int oldWorkers, Instant startedAt,
			CompletableFuture<RestartResult> future, int requester) {
		this(generation, previousGeneration, previousEnv, previousRelease, release, oldWorkers, startedAt, future,
				requester, null);
	}

	private RollingRestart(int generation, int previousGeneration, Map<String, String> previousEnv,
			@Nullable Release previousRelease, @Nullable Release release, int oldWorkers, Instant startedAt,
			CompletableFuture<RestartResult> future, int requester, @Nullable RollingRestart undoes) {
		this.generation = generation;
		this.previousGeneration = previousGeneration;
		this.previousEnv = previousEnv;
		this.previousRelease = previousRelease;
		this.release = release;
		this.oldWorkers = oldWorkers;
		this.startedAt = startedAt;
		this.future = future;
		this.requester = requester;
		this.undoes = undoes;
		this.rollback = undoes != null;
	}

	/**
	 * How this restart ended, for the status.
	 */
	RolloutOutcome outcome(RolloutOutcome.Result result, String message, Instant now) {
		return new RolloutOutcome(this.generation, result, message, this.replaced,
				Duration.between(this.startedAt, now), now, this.release);
	}

	/**
	 * The rollback of this aborted restart: back to its previous generation, environment
	 * and release, for the workers it had already replaced.
	 */
	RollingRestart rollback(int replacedWorkers, Instant now) {
		return new RollingRestart(this.previousGeneration, this.previousGeneration, this.previousEnv,
				this.previousRelease, this.previousRelease, replacedWorkers, now, this.future, 0, this);
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
