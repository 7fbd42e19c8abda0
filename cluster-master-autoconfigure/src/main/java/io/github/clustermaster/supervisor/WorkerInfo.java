package io.github.clustermaster.supervisor;

import java.time.Duration;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one worker.
 *
 * @param id the worker id
 * @param pid the process id
 * @param state the state
 * @param generation the generation it was started in
 * @param age the time since it was started
 * @param restarts how many workers in a row crashed in its place before it was started (0
 * for a worker that replaced none)
 * @param release the release it runs, or {@code null} for launches without one
 * @author cluster-master
 */
public record WorkerInfo(int id, long pid, WorkerState state, int generation, Duration age, int restarts,
		@Nullable Release release) {

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

}
