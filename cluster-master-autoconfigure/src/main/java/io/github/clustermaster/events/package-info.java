/**
 * The master's own events, apart from the supervisor's: the master's start, how the
 * workers share the port, a master upgrade, a refused signal, the REPL, where scheduled
 * work runs, a failed message listener and the class-data archives.
 * {@link io.github.clustermaster.events.MasterEvents} logs each one
 * ({@link io.github.clustermaster.events.MasterLog}, the sentences the master always
 * logged) and gives it to its listeners, such as the event log of
 * {@code cluster.master.event-log}. Boot-free and free of every other package of ours, so
 * that each part of the master reports its events here without knowing the others.
 */
@NullMarked
package io.github.clustermaster.events;

import org.jspecify.annotations.NullMarked;
