package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The shared socket's accept queue as the supervisor watches it: read once a second for
 * the status and autoscaling, and connections that keep waiting for
 * {@link #QUEUE_WARNING} mean the pool is too small for its load (or requests too slow):
 * said once, until the queue empties. Only the supervisor thread uses it.
 *
 * @author cluster-master
 */
final class AcceptQueueWatch {

	/** Where it reports what it decides. */
	private final Consumer<SupervisorEvent> events;

	/** How long connections may keep waiting in the accept queue before the master warns. */
	static final Duration QUEUE_WARNING = Duration.ofSeconds(10);

	private static final Duration PERIOD = Duration.ofSeconds(1);

	private volatile IntSupplier source = () -> -1;

	/** The depth when last read, -1 when unknown. */
	private int queued = -1;

	private @Nullable Instant readAt;

	/** Since when connections have kept waiting; {@code null} while none do. */
	private @Nullable Instant since;

	private boolean warned;

	AcceptQueueWatch() {
		this(SupervisorLog::log);
	}

	AcceptQueueWatch(Consumer<SupervisorEvent> events) {
		this.events = events;
	}

	/**
	 * Where the depth comes from.
	 * @param source the number of waiting connections, or -1 when it is not known
	 */
	void source(IntSupplier source) {
		this.source = source;
	}

	/**
	 * The depth now, read again.
	 * @return the number of waiting connections, or -1 when it is not known
	 */
	int depth() {
		return this.source.getAsInt();
	}

	/**
	 * The depth when last read by {@link #read}.
	 * @return the number of waiting connections, or -1 when it is not known
	 */
	int queued() {
		return this.queued;
	}

	/**
	 * Read the depth if a second has passed since the last read, and warn of connections
	 * that keep waiting.
	 * @param now the time
	 * @return whether it was read
	 */
	boolean read(Instant now) {
		Instant readAt = this.readAt;
		if (readAt != null && now.isBefore(readAt.plus(PERIOD))) {
			return false;
		}
		this.readAt = now;
		this.queued = depth();
		if (this.queued <= 0) {
			if (this.warned) {
				this.events.accept(new SupervisorEvent.AcceptQueue(Duration.ZERO, this.queued));
			}
			this.since = null;
			this.warned = false;
			return true;
		}
		Instant since = this.since;
		if (since == null) {
			this.since = now;
		}
		else if (!this.warned && !now.isBefore(since.plus(QUEUE_WARNING))) {
			this.warned = true;
			this.events.accept(new SupervisorEvent.AcceptQueue(Duration.between(since, now), this.queued));
		}
		return true;
	}

}
