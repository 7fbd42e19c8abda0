/**
 * The report of a run: its figures, the targets met or missed, the last JSON line.
 */
@NullMarked
package io.github.clustermaster.bench.report;

import org.jspecify.annotations.NullMarked;
