/**
 * What the benchmark reads: the master's log ({@link
 * io.github.clustermaster.bench.measure.MasterLog}, the one reader of its wording), wrk, jcmd and
 * /proc.
 */
@NullMarked
package io.github.clustermaster.bench.measure;

import org.jspecify.annotations.NullMarked;
