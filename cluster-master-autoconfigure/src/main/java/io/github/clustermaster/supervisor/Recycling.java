package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Which worker is recycled: one at a time, only while the pool is whole and steady
 * ({@code size} workers, all ready, none stopping, no danger), the oldest of those past a
 * limit of the {@link RecyclePolicy} and past their probation. The loop leaves it out of
 * the count, so that a replacement boots beside it, and stops it once {@code size} others
 * are ready.
 *
 * @author cluster-master
 */
final class Recycling {

	private final RecyclePolicy policy;

	private final Duration minAge;

	Recycling(RecyclePolicy policy, Duration minAge) {
		this.policy = policy;
		this.minAge = minAge;
	}

	/**
	 * The live worker being recycled, after choosing one if none is.
	 * @param workers every worker, oldest first
	 * @param steady whether the pool is whole and out of danger
	 * @param now the time
	 * @return the worker, or {@code null}
	 */
	@Nullable WorkerHandle recycled(Collection<WorkerHandle> workers, boolean steady, Instant now) {
		if (!this.policy.isEnabled()) {
			return null;
		}
		Optional<WorkerHandle> marked = workers.stream().filter((worker) -> worker.recycling != null).findFirst();
		if (marked.isPresent()) {
			// Never two together: the next waits until this one has gone.
			return marked.get().isLive() ? marked.get() : null;
		}
		if (!steady) {
			return null;
		}
		for (WorkerHandle worker : workers) {
			boolean proven = worker.readyAt != null && !now.isBefore(worker.readyAt.plus(this.minAge));
			String reason = proven ? this.policy.dueBecause(worker.age(now), worker.stats) : null;
			if (reason != null) {
				worker.recycle(reason);
				worker.report(new SupervisorEvent.WorkerRecycling(worker.who(), reason));
				return worker;
			}
		}
		return null;
	}

	/**
	 * Stop the recycled worker once the pool has {@code size} ready workers without it.
	 * @param recycled the recycled worker, or {@code null}
	 * @param workers every worker
	 * @param size the wanted size
	 * @param now the time
	 * @return whether it was stopped
	 */
	static boolean stopIfReplaced(@Nullable WorkerHandle recycled, Collection<WorkerHandle> workers, int size,
			Instant now) {
		long others = workers.stream().filter((worker) -> worker != recycled && worker.state == WorkerState.READY).count();
		if (recycled == null || others < size) {
			return false;
		}
		recycled.stop(now, "recycled: " + recycled.recycling + "; its replacement is ready");
		return true;
	}

}
