package io.github.clustermaster.messaging;

/**
 * The worker a message came from.
 *
 * @param id the worker id
 * @param pid its process id
 * @author cluster-master
 */
public record WorkerRef(int id, long pid) {

	@Override
	public String toString() {
		return "worker " + this.id + " (pid " + this.pid + ")";
	}

}
