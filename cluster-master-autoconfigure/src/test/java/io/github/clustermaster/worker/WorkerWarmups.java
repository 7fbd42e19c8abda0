package io.github.clustermaster.worker;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupRunner;

/**
 * {@link WorkerWarmup}s without a master, for tests of other packages.
 *
 * @author cluster-master
 */
public final class WorkerWarmups {

	private WorkerWarmups() {
	}

	/**
	 * The warm-up of a worker.
	 * @param id the worker's id
	 * @param plan what to send
	 * @param gate the worker's gate
	 * @return the warm-up
	 */
	public static WorkerWarmup of(int id, WarmupPlan plan, SpareGate gate) {
		return new WorkerWarmup(id, plan, gate, (target, what) -> new WarmupRunner(target).run(what));
	}

}
