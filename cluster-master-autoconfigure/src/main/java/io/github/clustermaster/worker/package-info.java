/**
 * The worker side: the connection to the master, readiness, graceful stop on request, and
 * exit when the master is gone.
 */
@NullMarked
package io.github.clustermaster.worker;

import org.jspecify.annotations.NullMarked;
