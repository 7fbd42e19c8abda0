/**
 * Leases: a named right to act alone for a while, granted by the master to one worker at
 * a time ({@link io.github.clustermaster.lease.LeaseTable}) and counted valid by its
 * holder by a stricter rule ({@link io.github.clustermaster.lease.HeldLease}), so that a
 * late or cut-off holder stops before the master may grant the lease to anyone else.
 * Boot-free: JDK and commons-logging.
 */
@NullMarked
package io.github.clustermaster.lease;

import org.jspecify.annotations.NullMarked;
