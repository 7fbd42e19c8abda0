package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The workers of the pool, oldest first: every one the supervisor spawned or promoted
 * from a spare and whose process has not ended yet, whatever its state (the spares are
 * {@link Spares}'). It answers the loop's questions about them (live, ready, whole, the
 * next slot) and stops the surplus. Only the supervisor thread uses it.
 *
 * @author cluster-master
 */
final class Pool {

	private final Map<Integer, WorkerHandle> workers = new LinkedHashMap<>();

	/**
	 * The worker of that id, if it is one of the pool.
	 * @param id the worker id
	 * @return the worker, or {@code null}
	 */
	@Nullable WorkerHandle get(int id) {
		return this.workers.get(id);
	}

	void add(WorkerHandle worker) {
		this.workers.put(worker.id, worker);
	}

	/**
	 * Forget a worker whose process ended.
	 * @param worker the worker
	 * @return whether it was one of the pool
	 */
	boolean remove(WorkerHandle worker) {
		return this.workers.remove(worker.id) != null;
	}

	/**
	 * Every worker, oldest first.
	 * @return a view
	 */
	Collection<WorkerHandle> all() {
		return Collections.unmodifiableCollection(this.workers.values());
	}

	/**
	 * The live workers (starting or ready), oldest first.
	 * @return a copy the caller may change
	 */
	List<WorkerHandle> live() {
		return new ArrayList<>(this.workers.values().stream().filter(WorkerHandle::isLive).toList());
	}

	/** How many workers there are, whatever their state. */
	int count() {
		return this.workers.size();
	}

	boolean isEmpty() {
		return this.workers.isEmpty();
	}

	/** How many workers are ready. */
	int ready() {
		return (int) this.workers.values().stream().filter((worker) -> worker.state == WorkerState.READY).count();
	}

	/**
	 * Whether the pool has {@code size} workers, every one ready: none booting or stopping.
	 * @param size the size wanted
	 * @return whether it is whole
	 */
	boolean isWhole(int size) {
		return this.workers.size() == size
				&& this.workers.values().stream().allMatch((worker) -> worker.state == WorkerState.READY);
	}

	/** Whether a worker is marked for recycling. */
	boolean isRecycling() {
		return this.workers.values().stream().anyMatch((worker) -> worker.recycling != null);
	}

	/** What the workers said of themselves in their last heartbeat, for those that did. */
	List<WorkerStats> stats() {
		return this.workers.values().stream().map((worker) -> worker.stats).filter(Objects::nonNull).toList();
	}

	/** The workers as a decider sees them. */
	List<PoolView.Member> members() {
		return this.workers.values().stream().map(WorkerHandle::member).toList();
	}

	/**
	 * The slot of the next worker (see {@link WorkerSlots}).
	 * @param outgoing whether a worker is being replaced (recycled, or of the generation a
	 * rollout replaces): its replacement takes its slot
	 * @return the slot
	 */
	int nextSlot(Predicate<WorkerHandle> outgoing) {
		return WorkerSlots
			.next(live().stream().map((worker) -> new WorkerSlots.Holder(worker.slot, outgoing.test(worker))).toList());
	}

	/**
	 * The slot of the next worker: see {@link #nextSlot(Predicate)}, with the workers being
	 * replaced those recycled or of the generation the rollout replaces.
	 * @param rollout the running rollout, or {@code null}
	 * @return the slot
	 */
	int nextSlot(@Nullable RollingRestart rollout) {
		return nextSlot((worker) -> worker.recycling != null || (rollout != null && rollout.replaces(worker.member())));
	}

	/**
	 * Stop the live workers beyond {@code size}: those of the highest slots, so that the
	 * pool's slots stay 0 to size - 1, the newest first among equals.
	 * @param live the live workers; those stopped are left in it, sorted by slot, highest first
	 * @param size the size wanted
	 * @param now the time
	 */
	static void stopBeyond(List<WorkerHandle> live, int size, Instant now) {
		if (live.size() <= size) {
			return;
		}
		live.sort(Comparator.comparingInt((WorkerHandle worker) -> worker.slot)
			.thenComparingInt((worker) -> worker.id)
			.reversed());
		live.subList(0, live.size() - size).forEach((worker) -> worker.stop(now, "resize to " + size));
	}

	/**
	 * Kill every worker.
	 * @param reason why
	 */
	void killAll(String reason) {
		this.workers.values().forEach((worker) -> worker.kill(reason));
	}

}
