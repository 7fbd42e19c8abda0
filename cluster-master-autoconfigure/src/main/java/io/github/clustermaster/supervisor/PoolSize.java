package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * How many workers the pool wants (gunicorn's {@code num_workers}) and who waits for it. A
 * resize sets it, within the autoscaling bounds, and its caller waits until the pool is
 * whole at that size ({@link PendingResizes}); the {@link Autoscaler} moves it by one
 * while the pool is steady; how many workers may boot at once follows from it. Only the
 * supervisor thread changes it; {@link #refusal} may be asked on any thread.
 *
 * @author cluster-master
 */
final class PoolSize {

	/** Where it reports what it decides. */
	private final Consumer<SupervisorEvent> events;

	private final SupervisorSettings settings;

	private final Autoscaler autoscaler;

	private final PendingResizes resizes = new PendingResizes();

	private int wanted;

	/**
	 * The size of a pool with these settings, {@code size} at first.
	 * @param settings the first size, the surge and the autoscaling policy
	 */
	PoolSize(SupervisorSettings settings) {
		this(settings, SupervisorLog::log);
	}

	PoolSize(SupervisorSettings settings, Consumer<SupervisorEvent> events) {
		this.events = events;
		this.settings = settings;
		this.wanted = settings.size();
		this.autoscaler = new Autoscaler(settings.autoscale());
	}

	/**
	 * How many workers the pool wants now.
	 * @return the size
	 */
	int wanted() {
		return this.wanted;
	}

	/**
	 * How many workers may boot at once in the pool as it is wanted now.
	 * @return the surge, 1 or more
	 */
	int surge() {
		return this.settings.maxSurge().resolve(Math.max(1, this.wanted));
	}

	/**
	 * The size {@code delta} workers away from the one wanted now, 0 at least.
	 * @param delta how many workers more (or fewer, when negative)
	 * @return the size
	 */
	int by(int delta) {
		return Math.max(0, this.wanted + delta);
	}

	/**
	 * Why a resize to that size is refused: below 0, or outside the autoscaling bounds.
	 * @param size the size asked for
	 * @return the exception the resize fails with, or {@code null} when it is allowed
	 */
	@Nullable RuntimeException refusal(int size) {
		if (size < 0) {
			return new IllegalArgumentException("size must be 0 or more, was " + size);
		}
		String outside = this.settings.autoscale().outside(size);
		return (outside != null) ? new IllegalStateException(outside + "; resize within them, or change the bounds")
				: null;
	}

	/**
	 * Refuse a size as {@link #refusal} does.
	 * @param size the size asked for
	 * @throws RuntimeException the refusal, when there is one
	 */
	void assertAllowed(int size) {
		RuntimeException refused = refusal(size);
		if (refused != null) {
			throw refused;
		}
	}

	/**
	 * Resize: the pool wants that size from now on, the autoscaler starts its cooldown, and
	 * the caller waits until the pool is whole at that size (or a later resize supersedes it).
	 * @param size the size, allowed by {@link #refusal}
	 * @param now the time
	 * @param caller completed with the pool's status once it is done
	 */
	void resize(int size, Instant now, CompletableFuture<ClusterStatus> caller) {
		this.autoscaler.changed(now);
		if (size != this.wanted) {
			this.events.accept(new SupervisorEvent.PoolResized(this.wanted, size));
		}
		this.wanted = size;
		this.resizes.add(size, caller);
	}

	/**
	 * Whether a resize's caller waits for the pool to be whole.
	 * @return whether one does
	 */
	boolean isResizing() {
		return !this.resizes.isEmpty();
	}

	/**
	 * With the accept queue just read: grow or shrink the pool by one worker within the
	 * autoscaling bounds, while it is steady (see {@link Autoscaler}).
	 * @param now the time
	 * @param steady whether the pool is steady: whole, nothing under way
	 * @param queued the connections waiting in the accept queue, -1 when unknown
	 * @param stats what the workers said of themselves
	 */
	void autoscale(Instant now, boolean steady, int queued, Collection<WorkerStats> stats) {
		Autoscaler.Change change = this.autoscaler.decide(now, this.wanted, steady, queued, stats);
		if (change != null) {
			this.events.accept(new SupervisorEvent.PoolAutoscaled(this.wanted, change.size(), change.reason()));
			this.wanted = change.size();
			this.autoscaler.changed(now);
		}
	}

	/**
	 * Answer the resizes that are done: see {@link PendingResizes#complete}.
	 * @param whole whether the pool has the size wanted, every worker ready
	 * @param status publishes the pool's status
	 */
	void complete(BooleanSupplier whole, Supplier<ClusterStatus> status) {
		this.resizes.complete(this.wanted, whole, status);
	}

	/**
	 * Fail every waiting resize.
	 * @param why the message they fail with
	 */
	void fail(String why) {
		this.resizes.fail(why);
	}

}
