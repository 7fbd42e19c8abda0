/**
 * Messages between the workers' application and code that runs in the master: the
 * worker's {@link io.github.clustermaster.messaging.ClusterWorker}, the master's
 * {@link io.github.clustermaster.messaging.ClusterMessageListener} and
 * {@link io.github.clustermaster.messaging.ClusterMessenger}. Messages are JSON. The
 * master's side, {@link io.github.clustermaster.messaging.MasterMessaging}, is created by
 * the master's configuration over its IPC server; the worker's is its session's. Free of
 * both sides: the master and the worker depend on this package, never the reverse.
 */
@NullMarked
package io.github.clustermaster.messaging;

import org.jspecify.annotations.NullMarked;
