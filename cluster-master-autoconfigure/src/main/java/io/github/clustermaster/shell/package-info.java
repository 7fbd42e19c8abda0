/**
 * The master's REPL: Spring Shell commands served to one independent session per
 * connection on a UNIX socket or a TCP port. The commands are thin adapters over the
 * supervisor's {@code WorkerPoolManager}.
 */
@NullMarked
package io.github.clustermaster.shell;

import org.jspecify.annotations.NullMarked;
