package io.github.clustermaster.locks;

import java.time.Duration;
import java.util.Optional;

/**
 * Named locks for work that must run in one worker of the pool at a time: a nightly
 * export, a queue poller, a cache warm-up. In a worker, a lock is a lease the master
 * grants to one worker at a time; it is freed when the holder closes it, exits or is
 * killed (its connection to the master closes), is asked to stop (rolling restart,
 * recycling, resize down, quit: before it drains), or stops renewing it for its time to
 * live (a hung process). The holder counts a lock valid only until the time it asked for
 * it or last renewed it + ttl − a margin (a tenth of the ttl), so it has stopped before
 * the master may give the lock to another worker. Standalone (no cluster), the locks are
 * held within the one JVM.
 * <p>
 * Locks are not reentrant: {@code tryLock} of a name this worker holds returns empty.
 * Names are shared with the starter's own {@code scheduling} lease (held by the worker
 * that runs the pool's {@code @Scheduled} work). They hold on one host; across hosts use a
 * shared store (ShedLock's JDBC or Redis provider, for example).
 *
 * <pre class="code">
 * clusterLocks.tryLock("nightly-export", Duration.ofSeconds(30)).ifPresent((lock) -&gt; {
 *     try (lock) {
 *         export();
 *     }
 * });
 * </pre>
 *
 * @author cluster-master
 */
public interface ClusterLocks {

	/**
	 * Take a lock if no worker holds it, and keep it renewed in the background (every
	 * 0.3 × ttl) until it is closed.
	 * @param name the lock's name (1 to 200 characters)
	 * @param ttl how long the lock outlives a holder that stops renewing it (a hung
	 * process), from 500 ms to 1 day
	 * @return the lock, or empty when another worker holds it (or the master cannot be
	 * reached)
	 * @throws IllegalArgumentException if the name or ttl is out of bounds
	 */
	Optional<ClusterLock> tryLock(String name, Duration ttl);

	/**
	 * Take a lock if no worker holds it, for at most a given time and without renewal:
	 * it is freed then even if still open (ShedLock's "lock at most for").
	 * @param name the lock's name (1 to 200 characters)
	 * @param atMost how long it may be held, from 500 ms to 1 day
	 * @return the lock, or empty when another worker holds it (or the master cannot be
	 * reached)
	 * @throws IllegalArgumentException if the name or time is out of bounds
	 */
	Optional<ClusterLock> tryLockAtMost(String name, Duration atMost);

	/**
	 * Run a task if this worker can take the lock, holding it (renewed) while it runs.
	 * @param name the lock's name
	 * @param ttl how long the lock outlives a holder that stops renewing it
	 * @param task the work
	 * @return whether the task ran (false: another worker holds the lock)
	 */
	default boolean runExclusively(String name, Duration ttl, Runnable task) {
		Optional<ClusterLock> lock = tryLock(name, ttl);
		if (lock.isEmpty()) {
			return false;
		}
		try (ClusterLock held = lock.get()) {
			task.run();
		}
		return true;
	}

	/**
	 * Locks within one JVM, for an application that runs standalone.
	 * @return new locks
	 */
	static ClusterLocks local() {
		return new LocalClusterLocks();
	}

}
