package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one worker.
 *
 * @param id the worker id
 * @param slot its stable slot, 0 to {@code size - 1}, which the worker that replaces it
 * takes over (during a surge, two workers may briefly share a slot)
 * @param pid the process id
 * @param state the state
 * @param generation the generation it was started in
 * @param age the time since it was started
 * @param restarts how many workers in a row crashed in its place before it was started (0
 * for a worker that replaced none)
 * @param release the release it runs, or {@code null} for launches without one
 * @param stats what it said of itself with its last heartbeat, or {@code null} before its
 * first
 * @param lastHeartbeat when its last heartbeat came (when it connected, before its first)
 * @param recycling why it is being recycled (replaced once its replacement is ready), or
 * {@code null}
 * @author cluster-master
 */
public record WorkerInfo(int id, int slot, long pid, WorkerState state, int generation, Duration age, int restarts,
		@Nullable Release release, @Nullable WorkerStats stats, @Nullable Instant lastHeartbeat,
		@Nullable String recycling) {

	/**
	 * A worker in the slot a pool that never replaced a worker gives it ({@code id - 1}).
	 * @param id the worker id
	 * @param pid the process id
	 * @param state the state
	 * @param generation the generation it was started in
	 * @param age the time since it was started
	 * @param restarts how many workers in a row crashed in its place before it was started
	 * @param release the release it runs, or {@code null} for launches without one
	 * @param stats what it said of itself with its last heartbeat, or {@code null}
	 * @param lastHeartbeat when its last heartbeat came
	 * @param recycling why it is being recycled, or {@code null}
	 */
	public WorkerInfo(int id, long pid, WorkerState state, int generation, Duration age, int restarts,
			@Nullable Release release, @Nullable WorkerStats stats, @Nullable Instant lastHeartbeat,
			@Nullable String recycling) {
		this(id, Math.max(0, id - 1), pid, state, generation, age, restarts, release, stats, lastHeartbeat, recycling);
	}

	/**
	 * A worker that has sent no stats.
	 * @param id the worker id
	 * @param pid the process id
	 * @param state the state
	 * @param generation the generation it was started in
	 * @param age the time since it was started
	 * @param restarts how many workers in a row crashed in its place before it was started
	 * @param release the release it runs, or {@code null} for launches without one
	 */
	public WorkerInfo(int id, long pid, WorkerState state, int generation, Duration age, int restarts,
			@Nullable Release release) {
		this(id, pid, state, generation, age, restarts, release, null, null, null);
	}

	/**
	 * A worker that runs no prepared release.
	 * @param id the worker id
	 * @param pid the process id
	 * @param state the state
	 * @param generation the generation it was started in
	 * @param age the time since it was started
	 * @param restarts how many workers in a row crashed in its place before it was started
	 */
	public WorkerInfo(int id, long pid, WorkerState state, int generation, Duration age, int restarts) {
		this(id, pid, state, generation, age, restarts, null);
	}

	/**
	 * The requests some workers have served together, by their last heartbeats.
	 * @param workers the workers
	 * @return the sum (a worker without stats counts none)
	 */
	public static long requests(List<WorkerInfo> workers) {
		return workers.stream().mapToLong((worker) -> (worker.stats() != null) ? worker.stats().requests() : 0).sum();
	}

}
