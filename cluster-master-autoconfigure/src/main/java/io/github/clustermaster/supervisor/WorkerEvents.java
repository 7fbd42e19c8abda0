package io.github.clustermaster.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * What a worker tells its master over IPC. Implementations only enqueue.
 *
 * @author cluster-master
 */
public interface WorkerEvents {

	/**
	 * A worker connected and said hello.
	 * @param id the worker id it was started with
	 * @param pid its process id
	 * @param link the way back to it
	 */
	void connected(int id, long pid, WorkerLink link);

	/**
	 * A worker's application is ready and accepts connections.
	 * @param id the worker id
	 */
	void ready(int id);

	/**
	 * A worker is alive.
	 * @param id the worker id
	 * @param stats its load and memory, or {@code null} when it could not tell
	 */
	void heartbeat(int id, @Nullable WorkerStats stats);

	/**
	 * A worker's connection closed.
	 * @param id the worker id
	 */
	void disconnected(int id);

}
