/**
 * The channel between the master and its workers: newline-delimited JSON frames over one
 * UNIX domain socket connection per worker, in a directory only the master's user can
 * enter.
 */
@NullMarked
package io.github.clustermaster.ipc;

import org.jspecify.annotations.NullMarked;
