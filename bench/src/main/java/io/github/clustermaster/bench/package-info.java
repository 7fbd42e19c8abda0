/**
 * The benchmark of the sample app under cluster-master: {@link
 * io.github.clustermaster.bench.ClusterBench} runs its steps in order ({@code bench/run}).
 */
@NullMarked
package io.github.clustermaster.bench;

import org.jspecify.annotations.NullMarked;
