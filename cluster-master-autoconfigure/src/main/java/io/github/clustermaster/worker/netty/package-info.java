/**
 * The worker side on Reactor Netty: serve the listening socket inherited from the master
 * (epoll transport), or bind {@code server.port} with {@code SO_REUSEPORT} next to the
 * other workers, and stop taking connections before the graceful shutdown so that no
 * accepted connection is dropped.
 */
@NullMarked
package io.github.clustermaster.worker.netty;

import org.jspecify.annotations.NullMarked;
