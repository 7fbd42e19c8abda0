package io.github.clustermaster.worker;

import java.util.ArrayDeque;
import java.util.Deque;

import io.github.clustermaster.supervisor.RequestOutcomes.Counts;

/**
 * The counts of a worker's requests over a sliding window, kept as one slot per reading
 * (one a second, by the heartbeat): each slot holds what ended since the reading before.
 * Not thread-safe: its owner reads it under a lock.
 *
 * @author cluster-master
 */
final class OutcomeWindow {

	private final Deque<Slot> slots = new ArrayDeque<>();

	private Counts last = Counts.NONE;

	private long firstNanos;

	private boolean started;

	/**
	 * Take a reading: what ended since the last one becomes the newest slot; the slots
	 * that ended the window ago or earlier go.
	 * @param total the counts since the start
	 * @param nowNanos the time now
	 * @param windowNanos how far back the window reaches
	 * @return the counts of the window
	 */
	Counts roll(Counts total, long nowNanos, long windowNanos) {
		if (!this.started) {
			this.started = true;
			this.firstNanos = nowNanos;
		}
		this.slots.addLast(new Slot(nowNanos, total.minus(this.last)));
		this.last = total;
		while (!this.slots.isEmpty() && nowNanos - this.slots.peekFirst().endNanos() >= windowNanos) {
			this.slots.removeFirst();
		}
		Counts sum = Counts.NONE;
		for (Slot slot : this.slots) {
			sum = sum.plus(slot.counts());
		}
		return sum;
	}

	/**
	 * How long the window covers now: the window, or the time since the first reading.
	 * @param nowNanos the time now
	 * @param windowNanos how far back the window reaches
	 * @return nanoseconds
	 */
	long covered(long nowNanos, long windowNanos) {
		return this.started ? Math.min(windowNanos, nowNanos - this.firstNanos) : 0;
	}

	private record Slot(long endNanos, Counts counts) {
	}

}
