/**
 * The steps of the benchmark, one class each, and what they share: the servers they start, the
 * load they keep up, the options.
 */
@NullMarked
package io.github.clustermaster.bench.scenario;

import org.jspecify.annotations.NullMarked;
