/**
 * The worker side on Reactor Netty: bind {@code server.port} with {@code SO_REUSEPORT}
 * next to the other workers, and leave the group before the graceful shutdown so that no
 * accepted connection is dropped.
 */
@NullMarked
package io.github.clustermaster.worker.netty;

import org.jspecify.annotations.NullMarked;
