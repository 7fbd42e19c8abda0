package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The master's view of one worker. Only the supervisor thread reads or changes it.
 *
 * @author cluster-master
 */
final class WorkerHandle {

	final int id;

	final int generation;

	final WorkerProcess process;

	final Instant startedAt;

	WorkerState state = WorkerState.STARTING;

	@Nullable Instant readyAt;

	Instant lastHeartbeat;

	@Nullable WorkerLink link;

	@Nullable Instant stopRequestedAt;

	@Nullable String stopReason;

	/** Why the supervisor killed it as faulty (hung, too slow to boot); counts as a crash. */
	@Nullable String fault;

	boolean terminated;

	boolean killed;

	/** How many workers in a row crashed in its place before it was started. */
	final int restarts;

	WorkerHandle(int id, int generation, WorkerProcess process, Instant startedAt, int restarts) {
		this.id = id;
		this.generation = generation;
		this.process = process;
		this.startedAt = startedAt;
		this.lastHeartbeat = startedAt;
		this.restarts = restarts;
	}

	boolean isLive() {
		return this.state == WorkerState.STARTING || this.state == WorkerState.READY;
	}

	Duration age(Instant now) {
		return Duration.between(this.startedAt, now);
	}

	WorkerInfo info(Instant now) {
		return new WorkerInfo(this.id, this.process.pid(), this.state, this.generation, age(now), this.restarts);
	}

	@Override
	public String toString() {
		return "Worker " + this.id + " (pid " + this.process.pid() + ")";
	}

}
