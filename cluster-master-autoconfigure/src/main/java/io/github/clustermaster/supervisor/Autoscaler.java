package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decides, once a second, whether the pool grows or shrinks by one worker, from the
 * shared socket's accept queue and the workers' busy request threads. It only decides
 * while the pool is steady ({@code size} workers, all ready, no rollout, no quit): a worker
 * booting resets the windows, so each change is judged by the pool it made. Owned by the
 * supervisor thread.
 *
 * @author cluster-master
 */
final class Autoscaler {

	private final AutoscalePolicy policy;

	private @Nullable Instant pressureSince;

	private @Nullable Instant idleSince;

	private @Nullable Instant changedAt;

	Autoscaler(AutoscalePolicy policy) {
		this.policy = policy;
	}

	/**
	 * The size changed (by an operator, or by this autoscaler): the cooldown starts over.
	 * @param now the time
	 */
	void changed(Instant now) {
		this.changedAt = now;
		this.pressureSince = null;
		this.idleSince = null;
	}

	/**
	 * The size the pool should move to now.
	 * @param now the time
	 * @param size the pool's size
	 * @param steady whether the pool has {@code size} ready workers and nothing else going on
	 * @param queued the connections waiting in the accept queue, -1 when unknown
	 * @param stats what the ready workers said with their last heartbeats
	 * @return the change, or {@code null} to keep the size
	 */
	@Nullable Change decide(Instant now, int size, boolean steady, int queued, Collection<WorkerStats> stats) {
		if (!this.policy.isEnabled() || !steady) {
			this.pressureSince = null;
			this.idleSince = null;
			return null;
		}
		long busy = 0;
		long max = 0;
		long inFlight = 0;
		for (WorkerStats worker : stats) {
			inFlight += worker.inFlight();
			if (worker.busyThreads() != null && worker.maxThreads() != null && worker.maxThreads() > 0) {
				busy += worker.busyThreads();
				max += worker.maxThreads();
			}
		}
		double busyPart = (max > 0) ? (double) busy / max : Double.NaN;
		boolean pressure = queued > 0 || (max > 0 && busyPart >= this.policy.busyThreshold());
		// Idle: even with one worker fewer, under half the threshold busy (or nothing in flight).
		boolean idle = queued <= 0 && size > 1 && ((max > 0)
				? busy < (this.policy.busyThreshold() / 2) * max * (size - 1) / size : inFlight == 0);
		this.pressureSince = pressure ? since(this.pressureSince, now) : null;
		this.idleSince = idle ? since(this.idleSince, now) : null;
		Instant changedAt = this.changedAt;
		if (changedAt != null && now.isBefore(changedAt.plus(this.policy.cooldown()))) {
			return null;
		}
		if (this.pressureSince != null && size < this.policy.max()
				&& !now.isBefore(this.pressureSince.plus(this.policy.window()))) {
			String why = (queued > 0)
					? "connections waited in the shared accept queue for " + Sentences.seconds(this.policy.window())
							+ " (" + queued + " now)"
					: percent(busyPart) + " of the request threads were busy for "
							+ Sentences.seconds(this.policy.window()) + " (cluster.master.autoscale.busy-threshold="
							+ percent(this.policy.busyThreshold()) + ")";
			return new Change(size + 1, why);
		}
		if (this.idleSince != null && size > this.policy.min()
				&& !now.isBefore(this.idleSince.plus(this.policy.idleWindow()))) {
			String why = "the workers were idle for " + Sentences.seconds(this.policy.idleWindow()) + " ("
					+ ((max > 0) ? percent(busyPart) + " of the request threads busy" : "no request in flight")
					+ ", no connection waiting)";
			return new Change(size - 1, why);
		}
		return null;
	}

	private static Instant since(@Nullable Instant since, Instant now) {
		return (since != null) ? since : now;
	}

	private static String percent(double part) {
		return String.format(Locale.ROOT, "%.0f%%", part * 100);
	}

	/**
	 * A change of the pool's size.
	 *
	 * @param size the new size
	 * @param reason why, for the log
	 */
	record Change(int size, String reason) {

	}

}
