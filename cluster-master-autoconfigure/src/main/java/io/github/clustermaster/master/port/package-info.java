/**
 * How the workers share the application's port:
 * {@link io.github.clustermaster.master.port.MasterPort} decides once, from
 * {@code cluster.master.port-sharing} ({@link io.github.clustermaster.master.port.PortSharing})
 * and the server the workers run ({@link io.github.clustermaster.master.port.WorkerServer}),
 * whether the master binds (or adopts) one listening socket that every worker inherits or
 * each worker binds with {@code SO_REUSEPORT}
 * ({@link io.github.clustermaster.master.port.TcpMigrateCheck}); a port the master cannot
 * bind fails its start with a {@link io.github.clustermaster.master.port.SharedPortException}
 * that {@code SharedPortFailureAnalyzer} explains. Free of the rest of {@code master} and
 * of the master upgrade: the master's configuration hands it the settings and the pid of
 * the master that handed its socket over.
 */
@NullMarked
package io.github.clustermaster.master.port;

import org.jspecify.annotations.NullMarked;
