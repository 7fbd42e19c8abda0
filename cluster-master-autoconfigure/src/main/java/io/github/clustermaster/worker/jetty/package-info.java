/**
 * The worker side on Jetty: serve the listening socket inherited from the master, or bind
 * with {@code SO_REUSEPORT} when there is none, and stop taking connections before the
 * graceful shutdown so that none is dropped.
 */
@NullMarked
package io.github.clustermaster.worker.jetty;

import org.jspecify.annotations.NullMarked;
