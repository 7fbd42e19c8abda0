package io.github.clustermaster.locks;

import java.time.Duration;
import java.util.Optional;

import io.github.clustermaster.lease.LeaseTerms;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A ShedLock {@link LockProvider} over {@link ClusterLocks}: {@code @SchedulerLock} works
 * in a pool on one host with no database. A lock is taken for ShedLock's
 * {@code lockAtMostFor} (at least 500 ms) without renewal, and on unlock stands until
 * {@code lockAtLeastFor} has passed. Unlike a database lock, it is also freed when the
 * worker holding it exits or is killed. For several hosts, define ShedLock's JDBC or Redis
 * provider as a bean: this one then backs off.
 *
 * @author cluster-master
 */
public final class ClusterLockProvider implements LockProvider {

	private final ClusterLocks locks;

	/**
	 * A provider over the pool's locks.
	 * @param locks the locks
	 */
	public ClusterLockProvider(ClusterLocks locks) {
		this.locks = locks;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration configuration) {
		Duration atMost = configuration.getLockAtMostFor();
		if (atMost.compareTo(LeaseTerms.MIN_TTL) < 0) {
			atMost = LeaseTerms.MIN_TTL;
		}
		return this.locks.tryLockAtMost(configuration.getName(), atMost)
			.map((lock) -> () -> lock
				.closeAfter(Duration.between(ClockProvider.now(), configuration.getLockAtLeastUntil())));
	}

}
