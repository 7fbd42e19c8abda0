/**
 * Named locks for the application's own run-once work, held by one worker of the pool at
 * a time ({@link io.github.clustermaster.locks.ClusterLocks}), and a ShedLock
 * {@code LockProvider} over them ({@link io.github.clustermaster.locks.ClusterLockProvider}).
 */
@NullMarked
package io.github.clustermaster.locks;

import org.jspecify.annotations.NullMarked;
