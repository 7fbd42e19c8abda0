/**
 * The Actuator of a pool of workers: every answer names its worker, a logger level or a
 * cache eviction applies to every worker, and a request reaches the worker it names.
 */
@NullMarked
package io.github.clustermaster.actuate.workers;

import org.jspecify.annotations.NullMarked;
