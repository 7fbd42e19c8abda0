package io.github.clustermaster.supervisor;

import java.util.BitSet;
import java.util.List;

/**
 * The rule of stable slots: each worker holds a slot from 0 to {@code size - 1}, and the
 * worker that replaces another (a respawn after a crash, recycling, a rolling restart's
 * replacement) takes the slot of the one it replaces, as pm2's
 * {@code NODE_APP_INSTANCE}. A new worker takes the slot of the oldest outgoing worker
 * (one being recycled, or of the generation a rolling restart replaces) that no staying
 * worker holds yet; else the lowest slot no live worker that stays holds: the slot of a
 * worker that crashed or hung, or, after a resize up, the lowest free one. A resize down
 * stops the workers of the highest slots, so the slots of the pool stay 0 to
 * {@code size - 1}.
 * <p>
 * During a surge (a rolling restart, recycling), a replacement and the worker it
 * replaces hold the same slot until the old one has gone: two workers may briefly share
 * a slot. Work that must run once per pool takes the pool's lease, not "if slot 0".
 *
 * @author cluster-master
 */
final class WorkerSlots {

	private WorkerSlots() {
	}

	/**
	 * The slot of the next worker.
	 * @param live the live workers, oldest first
	 * @return the slot
	 */
	static int next(List<Holder> live) {
		BitSet taken = new BitSet();
		live.stream().filter((worker) -> !worker.outgoing()).forEach((worker) -> taken.set(worker.slot()));
		for (Holder worker : live) {
			if (worker.outgoing() && !taken.get(worker.slot())) {
				return worker.slot();
			}
		}
		return taken.nextClearBit(0);
	}

	/**
	 * A live worker's slot.
	 *
	 * @param slot its slot
	 * @param outgoing whether it is being replaced (recycled, or of the generation a rolling
	 * restart replaces)
	 */
	record Holder(int slot, boolean outgoing) {
	}

}
