package io.github.clustermaster.supervisor;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How the pool sizes itself by its load, between bounds: one worker more when connections
 * waited in the shared accept queue (or the request threads were busy) in at least half of
 * the once-a-second samples of the last {@code window} and do now, so that bursts with
 * gaps between them count; one fewer when the workers stay idle for the whole
 * {@code idleWindow}; at most one change per {@code cooldown}.
 *
 * @param min the fewest workers
 * @param max the most workers
 * @param window the span over which pressure is judged before the pool grows
 * @param idleWindow how long the workers must be idle before the pool shrinks
 * @param cooldown how long after a change (the autoscaler's or an operator's) the next
 * may come
 * @param busyThreshold the part of the request threads busy (0 to 1) that is pressure;
 * below half of it, with one worker fewer, is idle
 * @author cluster-master
 */
public record AutoscalePolicy(int min, int max, Duration window, Duration idleWindow, Duration cooldown,
		double busyThreshold) {

	/** The pool keeps the size it is given. */
	public static final AutoscalePolicy OFF = new AutoscalePolicy(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
			1);

	/**
	 * Whether the pool sizes itself.
	 * @return whether bounds are set
	 */
	public boolean isEnabled() {
		return this.max > 0;
	}

	/**
	 * Why a size is outside the bounds.
	 * @param size the size
	 * @return the sentence, or {@code null} when it is inside (or autoscaling is off)
	 */
	public @Nullable String outside(int size) {
		if (!isEnabled() || (size >= this.min && size <= this.max)) {
			return null;
		}
		return size + " workers is outside the autoscaling bounds, cluster.master.autoscale.min=" + this.min
				+ " to max=" + this.max;
	}

}
