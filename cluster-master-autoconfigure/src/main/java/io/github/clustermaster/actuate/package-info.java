/**
 * The cluster on a worker's Actuator: the {@code cluster} endpoint, the {@code cluster}
 * health contributor and the {@code cluster.master.*} meters. Reads use the latest status
 * the master pushed to the worker; writes are relayed to the master over IPC.
 */
@NullMarked
package io.github.clustermaster.actuate;

import org.jspecify.annotations.NullMarked;
