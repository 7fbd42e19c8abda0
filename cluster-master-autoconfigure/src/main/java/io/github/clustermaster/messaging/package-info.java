/**
 * Messages between the workers' application and code that runs in the master: the
 * worker's {@link io.github.clustermaster.messaging.ClusterWorker}, the master's
 * {@link io.github.clustermaster.messaging.ClusterMessageListener} and
 * {@link io.github.clustermaster.messaging.ClusterMessenger}. Messages are JSON.
 */
@NullMarked
package io.github.clustermaster.messaging;

import org.jspecify.annotations.NullMarked;
