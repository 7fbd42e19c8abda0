package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * What happened to the pool since the master started, for metrics.
 *
 * @param rollingRestarts how many rolling restarts completed
 * @param respawns how many workers were started to replace one that exited unexpectedly
 * @param crashes how many workers exited without being asked to, or were killed as faulty
 * @param readied how many workers became ready
 * @param spawnToReadyTotal the sum of the times from spawn to ready of all those workers
 * @param spawnToReadyLast the time from spawn to ready of the worker that became ready last
 * (zero while none has)
 * @param recycles how many workers were recycled: replaced by a fresh one for reaching a
 * limit of {@code cluster.master.recycle.*}
 * @author cluster-master
 */
public record ClusterCounters(long rollingRestarts, long respawns, long crashes, long readied,
		Duration spawnToReadyTotal, Duration spawnToReadyLast, long recycles) {

	/** Nothing happened yet. */
	public static final ClusterCounters NONE = new ClusterCounters(0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0);

	/**
	 * The mean time from spawn to ready of one worker.
	 * @return the mean, zero while no worker has become ready
	 */
	public Duration spawnToReadyMean() {
		return (this.readied > 0) ? this.spawnToReadyTotal.dividedBy(this.readied) : Duration.ZERO;
	}

	ClusterCounters restarted() {
		return new ClusterCounters(this.rollingRestarts + 1, this.respawns, this.crashes, this.readied,
				this.spawnToReadyTotal, this.spawnToReadyLast, this.recycles);
	}

	ClusterCounters respawned() {
		return new ClusterCounters(this.rollingRestarts, this.respawns + 1, this.crashes, this.readied,
				this.spawnToReadyTotal, this.spawnToReadyLast, this.recycles);
	}

	ClusterCounters crashed() {
		return new ClusterCounters(this.rollingRestarts, this.respawns, this.crashes + 1, this.readied,
				this.spawnToReadyTotal, this.spawnToReadyLast, this.recycles);
	}

	ClusterCounters readied(Duration took) {
		return new ClusterCounters(this.rollingRestarts, this.respawns, this.crashes, this.readied + 1,
				this.spawnToReadyTotal.plus(took), took, this.recycles);
	}

	ClusterCounters recycled() {
		return new ClusterCounters(this.rollingRestarts, this.respawns, this.crashes, this.readied,
				this.spawnToReadyTotal, this.spawnToReadyLast, this.recycles + 1);
	}

}
