package io.github.clustermaster.supervisor;

import java.util.List;

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
 * @author cluster-master
 */
public record ClusterStatus(int size, int generation, boolean restarting, boolean danger, boolean failed,
		boolean quitting, List<WorkerInfo> workers, ClusterCounters counters) {

	/**
	 * The number of workers in the given state.
	 * @param state the state
	 * @return the count
	 */
	public long count(WorkerState state) {
		return this.workers.stream().filter((worker) -> worker.state() == state).count();
	}

}
