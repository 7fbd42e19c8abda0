/**
 * The Boot-free core of cluster-master: one supervisor thread that owns the pool of
 * worker processes, their handles, the rolling-restart and crash-loop policies.
 */
@NullMarked
package io.github.clustermaster.supervisor;

import org.jspecify.annotations.NullMarked;
