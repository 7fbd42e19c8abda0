package io.github.clustermaster.locks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.lease.LeaseTerms;
import org.jspecify.annotations.Nullable;

/**
 * {@link ClusterLocks} within one JVM, for an application that runs standalone: a lock is
 * held until it is closed, or until its time is up for {@link #tryLockAtMost} and
 * {@link ClusterLock#closeAfter}. There is no process to lose, so a lock from
 * {@link #tryLock} does not expire.
 *
 * @author cluster-master
 */
final class LocalClusterLocks implements ClusterLocks {

	private final InstantSource clock;

	private final Map<String, Local> held = new ConcurrentHashMap<>();

	LocalClusterLocks() {
		this(LeaseTerms.monotonicClock());
	}

	LocalClusterLocks(InstantSource clock) {
		this.clock = clock;
	}

	@Override
	public Optional<ClusterLock> tryLock(String name, Duration ttl) {
		return take(name, ttl, null);
	}

	@Override
	public Optional<ClusterLock> tryLockAtMost(String name, Duration atMost) {
		return take(name, atMost, atMost);
	}

	private Optional<ClusterLock> take(String name, Duration ttl, @Nullable Duration atMost) {
		LeaseTerms.check(name, ttl);
		Instant until = (atMost != null) ? this.clock.instant().plus(atMost) : Instant.MAX;
		Local lock = new Local(name, until);
		Local result = this.held.compute(name, (key, current) -> (current == null || !current.stands()) ? lock : current);
		return (result == lock) ? Optional.of(lock) : Optional.empty();
	}

	private final class Local implements ClusterLock {

		private final String name;

		private volatile Instant until;

		private volatile boolean closed;

		Local(String name, Instant until) {
			this.name = name;
			this.until = until;
		}

		/** Whether it still keeps others out (closed with a delay still does). */
		boolean stands() {
			return LocalClusterLocks.this.clock.instant().isBefore(this.until);
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public boolean isValid() {
			return !this.closed && stands();
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				LocalClusterLocks.this.held.remove(this.name, this);
			}
		}

		@Override
		public void closeAfter(Duration remaining) {
			if ((remaining.isNegative() || remaining.isZero())) {
				close();
				return;
			}
			if (!this.closed) {
				this.closed = true;
				Instant end = LocalClusterLocks.this.clock.instant().plus(remaining);
				if (end.isBefore(this.until)) {
					this.until = end;
				}
			}
		}

	}

}
