/**
 * The cluster on a worker's Actuator: the {@code cluster} endpoint, the {@code cluster}
 * health contributor and the {@code cluster.master.*} meters, all relaying to the master
 * over IPC.
 */
@NullMarked
package io.github.clustermaster.actuate;

import org.jspecify.annotations.NullMarked;
