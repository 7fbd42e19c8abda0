/**
 * The application's state across the pool, Boot-free: the pool's secret, from which the
 * values every worker must share are derived (Boot's generated password), and the kinds of
 * per-process state a worker reports at start because the pool cannot share them.
 */
@NullMarked
package io.github.clustermaster.pool;

import org.jspecify.annotations.NullMarked;
