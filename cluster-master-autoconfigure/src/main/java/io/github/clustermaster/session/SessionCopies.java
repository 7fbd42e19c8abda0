package io.github.clustermaster.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A worker's copies of the sessions it found in the pool's store, from which it answers
 * the next requests of the same sessions without a round trip to the master. A copy is
 * dropped when the master says another worker changed the session (before that change is
 * confirmed), when this worker changes it itself, and after
 * {@link SessionStore#copyLifetime its lifetime} (at most 5 s) in any case.
 * <p>
 * A find's answer that arrives after an invalidation was received must not become a copy:
 * it may predate the change. So every invalidation moves an epoch, and a copy is kept
 * only if the epoch is still the one read before the find was sent.
 *
 * @author cluster-master
 */
final class SessionCopies {

	/** The most copies kept; past it, those too old go, and if that is not enough, all. */
	static final int MAX_COPIES = 1000;

	private final Map<String, Copy> copies = new ConcurrentHashMap<>();

	private final Object lock = new Object();

	private volatile long epoch;

	private final LongSupplier nanoTime;

	/**
	 * Create an empty set of copies.
	 * @param nanoTime a monotonic clock in nanoseconds
	 */
	SessionCopies(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * The copy of a session, if there is one still young enough.
	 * @param id the session's id
	 * @return the copy, or {@code null}
	 */
	@Nullable FoundSession get(String id) {
		Copy copy = this.copies.get(id);
		if (copy == null) {
			return null;
		}
		if (this.nanoTime.getAsLong() - copy.until > 0) {
			this.copies.remove(id, copy);
			return null;
		}
		return copy.session;
	}

	/**
	 * The epoch to read before a find is sent.
	 * @return the epoch
	 */
	long epoch() {
		return this.epoch;
	}

	/**
	 * Keep a copy of a session found, unless an invalidation came since {@code epoch}.
	 * @param session the session
	 * @param epoch the epoch read before the find was sent
	 */
	void keep(FoundSession session, long epoch) {
		long now = this.nanoTime.getAsLong();
		Copy copy = new Copy(session,
				now + SessionStore.copyLifetime(session.data().maxInactiveSeconds()).toNanos());
		synchronized (this.lock) {
			if (this.epoch != epoch) {
				return;
			}
			if (this.copies.size() >= MAX_COPIES) {
				this.copies.values().removeIf((old) -> now - old.until > 0);
				if (this.copies.size() >= MAX_COPIES) {
					this.copies.clear();
				}
			}
			this.copies.put(session.data().id(), copy);
		}
	}

	/**
	 * Drop copies.
	 * @param ids the sessions' ids; empty for every session
	 */
	void invalidate(List<String> ids) {
		synchronized (this.lock) {
			this.epoch++;
			if (ids.isEmpty()) {
				this.copies.clear();
			}
			else {
				ids.forEach(this.copies::remove);
			}
		}
	}

	/**
	 * How many copies are kept.
	 * @return the count
	 */
	int size() {
		return this.copies.size();
	}

	private record Copy(FoundSession session, long until) {

	}

}
