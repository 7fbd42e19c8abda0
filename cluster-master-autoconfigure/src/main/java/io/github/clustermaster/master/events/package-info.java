/**
 * The master's event log ({@code cluster.master.event-log}):
 * {@link io.github.clustermaster.master.events.EventLog} appends each of the supervisor's
 * events to a file as one JSON object per line, for tools and tests that read events
 * rather than log sentences. Free of the rest of {@code master}: the master's
 * configuration registers it with the supervisor.
 */
@NullMarked
package io.github.clustermaster.master.events;

import org.jspecify.annotations.NullMarked;
