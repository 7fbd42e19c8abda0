package io.github.clustermaster.locks;

import java.time.Duration;

/**
 * A named lock this worker holds, from {@link ClusterLocks}. Close it when the work is
 * done (try-with-resources); closing twice does nothing.
 *
 * @author cluster-master
 */
public interface ClusterLock extends AutoCloseable {

	/**
	 * The lock's name.
	 * @return the name
	 */
	String name();

	/**
	 * Whether this worker may still act on the lock. It turns false when the lock is
	 * closed, when a renewal is refused or the master is gone, and when its time to live
	 * (less a margin) has passed since the last renewal the master granted: long work
	 * should check it between steps and stop when it is false.
	 * @return whether the lock is valid
	 */
	boolean isValid();

	/**
	 * Release the lock: another worker may take it at once.
	 */
	@Override
	void close();

	/**
	 * Stop renewing the lock but let it stand for a while, so that no worker takes it
	 * before then (ShedLock's "lock at least for"). In a pool it is freed earlier if this
	 * worker's connection to the master closes.
	 * @param remaining how long from now the lock stands; zero or less releases it now
	 */
	void closeAfter(Duration remaining);

}
