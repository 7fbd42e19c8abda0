package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Decides, once a second, whether the pool grows or shrinks by one worker, from the
 * shared socket's accept queue and the workers' busy request threads. It only decides
 * while the pool is steady ({@code size} workers, all ready, no rollout, no quit): a worker
 * booting resets the windows, so each change is judged by the pool it made. Owned by the
 * supervisor thread.
 * <p>
 * <strong>Growing</strong> judges the pressure over the whole {@code window}, not at each
 * instant: each decision is a sample (under pressure or not), and the pool grows by one
 * once its samples cover the window, at least {@value #PRESSURE_SHARE_PERCENT}% of those
 * in the last {@code window} were under pressure, and the pool is under pressure now. A
 * bursty load, with a heartbeat or two between its bursts that sees the threads free,
 * grows the pool as a steady one does; a load that is over (no pressure now), or a short
 * spike in a quiet window, does not. <strong>Shrinking</strong> stays strict: the pool
 * shrinks once every sample of {@code idleWindow} was idle.
 *
 * @author cluster-master
 */
final class Autoscaler {

	/** The part of the window's samples that must be under pressure for the pool to grow. */
	static final int PRESSURE_SHARE_PERCENT = 50;

	private final AutoscalePolicy policy;

	/** The samples of the last {@code window}, oldest first: under pressure or not. */
	private final Deque<Sample> samples = new ArrayDeque<>();

	/** The first sample since the windows started over, or {@code null}. */
	private @Nullable Instant sampledSince;

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
		startOver();
	}

	private void startOver() {
		this.samples.clear();
		this.sampledSince = null;
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
			startOver();
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
		double pressureShare = sample(now, pressure);
		this.idleSince = idle ? since(this.idleSince, now) : null;
		Instant changedAt = this.changedAt;
		if (changedAt != null && now.isBefore(changedAt.plus(this.policy.cooldown()))) {
			return null;
		}
		Instant sampledSince = this.sampledSince;
		if (pressure && size < this.policy.max() && sampledSince != null
				&& !now.isBefore(sampledSince.plus(this.policy.window()))
				&& pressureShare * 100 >= PRESSURE_SHARE_PERCENT) {
			String why = "under pressure for " + percent(pressureShare) + " of the last "
					+ Sentences.seconds(this.policy.window()) + ", now " + ((queued > 0)
							? ((queued == 1) ? "1 connection" : queued + " connections") + " waiting in the shared accept queue"
							: percent(busyPart) + " of the request threads busy (cluster.master.autoscale.busy-threshold="
									+ percent(this.policy.busyThreshold()) + ")");
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

	/**
	 * Keep a sample and drop those older than the window.
	 * @return the part of the window's samples under pressure
	 */
	private double sample(Instant now, boolean pressure) {
		if (this.sampledSince == null) {
			this.sampledSince = now;
		}
		this.samples.addLast(new Sample(now, pressure));
		Instant oldest = now.minus(this.policy.window());
		for (Sample first = this.samples.peekFirst(); first != null && first.at().isBefore(oldest);
				first = this.samples.peekFirst()) {
			this.samples.removeFirst();
		}
		long pressured = this.samples.stream().filter(Sample::pressure).count();
		return (double) pressured / this.samples.size();
	}

	private static Instant since(@Nullable Instant since, Instant now) {
		return (since != null) ? since : now;
	}

	private static String percent(double part) {
		return String.format(Locale.ROOT, "%.0f%%", part * 100);
	}

	private record Sample(Instant at, boolean pressure) {

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
