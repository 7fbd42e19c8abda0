package io.github.clustermaster.worker;

import java.time.Duration;
import java.util.List;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupResult;
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

	/**
	 * The warm-up of a worker that ran on a private port, without sending a request.
	 * @param privatePort the port
	 * @return the warm-up, done
	 */
	public static WorkerWarmup ranOn(int privatePort) {
		WorkerWarmup warmup = new WorkerWarmup(1, WarmupPlan.count(List.of("/"), 1, 1, Duration.ofSeconds(5)),
				new SpareGate(false), (target, what) -> new WarmupResult(new long[] { 0, 0, 1, 0, 0, 0 }, 0, null,
						Duration.ofMillis(1), "/", Duration.ofMillis(1), false));
		warmup.listenOn(new WorkerWarmup.PrivatePort() {

			@Override
			public int localPort() {
				return privatePort;
			}

			@Override
			public void close() {
			}

		});
		warmup.run();
		return warmup;
	}

}
