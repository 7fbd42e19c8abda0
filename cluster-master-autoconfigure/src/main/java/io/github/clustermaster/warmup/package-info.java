/**
 * Warm-up before traffic ({@code cluster.master.warmup.*}): the settings, and the runner
 * that sends a new worker's warm-up requests over a private loopback connection before
 * the worker joins the shared accept queue. Free of the web servers: each server's
 * support in {@code worker} opens the private port and holds the shared one.
 */
@NullMarked
package io.github.clustermaster.warmup;

import org.jspecify.annotations.NullMarked;
