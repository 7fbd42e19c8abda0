/**
 * HTTP sessions shared by the pool: the store the master holds in memory and the worker's
 * client of it, with the auto-configuration that puts it under the application's
 * servlet or WebFlux sessions.
 */
@NullMarked
package io.github.clustermaster.session;

import org.jspecify.annotations.NullMarked;
