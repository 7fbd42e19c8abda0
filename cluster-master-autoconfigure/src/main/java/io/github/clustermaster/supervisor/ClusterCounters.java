package io.github.clustermaster.supervisor;

import java.time.Duration;

/**
 * What happened to the pool since the master started, for metrics.
 *
 * @param rollingRestarts how many rolling restarts completed
 * @param respawns how many workers were started to replace one that exited unexpectedly
 * @param crashes how many workers exited without being asked to, or were killed as faulty
 * @param readied how many workers became ready
 * @param spawnToReady the sum of the times from spawn to ready of those workers
 * @author cluster-master
 */
public record ClusterCounters(long rollingRestarts, long respawns, long crashes, long readied,
		Duration spawnToReady) {

	/** Nothing happened yet. */
	public static final ClusterCounters NONE = new ClusterCounters(0, 0, 0, 0, Duration.ZERO);

	ClusterCounters restarted() {
		return new ClusterCounters(this.rollingRestarts + 1, this.respawns, this.crashes, this.readied,
				this.spawnToReady);
	}

	ClusterCounters respawned() {
		return new ClusterCounters(this.rollingRestarts, this.respawns + 1, this.crashes, this.readied,
				this.spawnToReady);
	}

	ClusterCounters crashed() {
		return new ClusterCounters(this.rollingRestarts, this.respawns, this.crashes + 1, this.readied,
				this.spawnToReady);
	}

	ClusterCounters readied(Duration took) {
		return new ClusterCounters(this.rollingRestarts, this.respawns, this.crashes, this.readied + 1,
				this.spawnToReady.plus(took));
	}

}
