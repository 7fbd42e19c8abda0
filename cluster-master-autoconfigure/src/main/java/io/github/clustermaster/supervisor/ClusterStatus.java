package io.github.clustermaster.supervisor;

import java.util.List;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the pool, published by the supervisor after each step.
 *
 * @param size the wanted number of workers
 * @param generation the current generation; a rolling restart increments it
 * @param restarting whether a rolling restart is running
 * @param danger whether workers recently died young and respawns are backed off
 * @param failed whether the supervisor gave up respawning crashed workers
 * @param quitting whether the master is shutting down
 * @param workers the workers, oldest first
 * @param counters what happened to the pool since the master started
 * @param release the release new workers launch, or {@code null} for launches without
 * one (a class path launch, or a jar that is not a Spring Boot jar)
 * @param previousRelease the release the pool ran before, kept to roll back to, or
 * {@code null}
 * @param rollout the rolling restart in progress, or {@code null}
 * @param lastRollout how the last rolling restart ended, or {@code null} before one ended
 * @param acceptQueue how many connections waited in the shared socket's accept queue, no
 * worker free to take them, when the master last looked (once a second); -1 when it
 * cannot tell (no shared socket, not Linux)
 * @author cluster-master
 */
public record ClusterStatus(int size, int generation, boolean restarting, boolean danger, boolean failed,
		boolean quitting, List<WorkerInfo> workers, ClusterCounters counters, @Nullable Release release,
		@Nullable Release previousRelease, @Nullable Rollout rollout, @Nullable RolloutOutcome lastRollout,
		int acceptQueue) {

	/**
	 * A status without releases or rollouts.
	 * @param size the wanted number of workers
	 * @param generation the current generation
	 * @param restarting whether a rolling restart is running
	 * @param danger whether workers recently died young
	 * @param failed whether the supervisor gave up respawning crashed workers
	 * @param quitting whether the master is shutting down
	 * @param workers the workers, oldest first
	 * @param counters what happened to the pool since the master started
	 */
	public ClusterStatus(int size, int generation, boolean restarting, boolean danger, boolean failed,
			boolean quitting, List<WorkerInfo> workers, ClusterCounters counters) {
		this(size, generation, restarting, danger, failed, quitting, workers, counters, null, null, null, null, -1);
	}

	/**
	 * The number of workers in the given state.
	 * @param state the state
	 * @return the count
	 */
	public long count(WorkerState state) {
		return this.workers.stream().filter((worker) -> worker.state() == state).count();
	}

}
