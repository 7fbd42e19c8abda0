package io.github.clustermaster.control;

import java.util.List;

import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerState;

/**
 * The cluster as its master sees it: the answer to {@code GET /actuator/cluster}.
 *
 * @param masterPid the master's process id
 * @param size the wanted number of workers
 * @param ready how many workers are ready
 * @param generation the current generation; a rolling restart increments it
 * @param restarting whether a rolling restart is running
 * @param danger whether workers recently died young and respawns are backed off
 * @param failed whether the master gave up respawning crashed workers
 * @param quitting whether the master is shutting down
 * @param workers the workers, oldest first
 * @param counters what happened to the pool since the master started
 * @author cluster-master
 */
public record ClusterDescriptor(long masterPid, int size, int ready, int generation, boolean restarting,
		boolean danger, boolean failed, boolean quitting, List<WorkerDescriptor> workers, Counters counters) {

	/**
	 * Describe a status.
	 * @param status the supervisor's status
	 * @param masterPid the master's pid
	 * @return the descriptor
	 */
	public static ClusterDescriptor of(ClusterStatus status, long masterPid) {
		ClusterCounters counters = status.counters();
		return new ClusterDescriptor(masterPid, status.size(), (int) status.count(WorkerState.READY),
				status.generation(), status.restarting(), status.danger(), status.failed(), status.quitting(),
				status.workers().stream().map(WorkerDescriptor::of).toList(),
				new Counters(counters.rollingRestarts(), counters.respawns(), counters.crashes(), counters.readied(),
						counters.spawnToReadyTotal().toMillis(), counters.spawnToReadyMean().toMillis(),
						counters.spawnToReadyLast().toMillis()));
	}

	/**
	 * The number of workers in a state.
	 * @param state the state's name
	 * @return the count
	 */
	public long count(String state) {
		return this.workers.stream().filter((worker) -> worker.state().equals(state)).count();
	}

	/**
	 * What happened to the pool since the master started.
	 *
	 * @param rollingRestarts how many rolling restarts completed
	 * @param respawns how many workers replaced one that exited unexpectedly
	 * @param crashes how many workers exited unexpectedly or were killed as faulty
	 * @param readied how many workers became ready
	 * @param spawnToReadyMillisTotal the sum of their times from spawn to ready, in
	 * milliseconds: the total over all of them, not one worker's
	 * @param spawnToReadyMillisMean one worker's mean time from spawn to ready, in
	 * milliseconds (0 while none is ready)
	 * @param spawnToReadyMillisLast the time from spawn to ready of the worker that became
	 * ready last, in milliseconds (0 while none is ready)
	 */
	public record Counters(long rollingRestarts, long respawns, long crashes, long readied,
			long spawnToReadyMillisTotal, long spawnToReadyMillisMean, long spawnToReadyMillisLast) {

	}

}
