/**
 * The cluster's control protocol: the commands a worker relays to its master (for the
 * Actuator endpoint), the view of the cluster and the outcomes the master answers with,
 * and the master's adapter that runs the commands on the
 * {@link io.github.clustermaster.supervisor.WorkerPoolManager}. Free of Spring Boot.
 */
@NullMarked
package io.github.clustermaster.control;

import org.jspecify.annotations.NullMarked;
