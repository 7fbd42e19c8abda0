/**
 * The master's memory budget: the workers' heap fitted into the memory the master sees
 * ({@link io.github.clustermaster.master.memory.VisibleMemory}), and the resize limit it
 * sets. Free of the rest of {@code master}: the master's configuration maps
 * {@code cluster.master.*} and the workers' command line onto a
 * {@link io.github.clustermaster.master.memory.MemoryBudget.Request}.
 */
@NullMarked
package io.github.clustermaster.master.memory;

import org.jspecify.annotations.NullMarked;
