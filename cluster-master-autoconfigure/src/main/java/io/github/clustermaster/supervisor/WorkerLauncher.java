package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.util.Map;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * Starts worker processes.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface WorkerLauncher {

	/**
	 * The variable a hot spare is launched with ({@code true}): it boots and reports ready,
	 * but does not accept from the shared socket until the master promotes it.
	 */
	String SPARE = "CLUSTER_MASTER_SPARE";

	/**
	 * Start a worker.
	 * @param id the worker id, unique for the master's lifetime
	 * @param generation the generation the worker belongs to
	 * @param env the environment variables the worker gets on top of the master's
	 * @return the started process
	 * @throws IOException if the process cannot be started
	 */
	WorkerProcess launch(int id, int generation, Map<String, String> env) throws IOException;

	/**
	 * Start a worker of a release.
	 * @param id the worker id, unique for the master's lifetime
	 * @param generation the generation the worker belongs to
	 * @param env the environment variables the worker gets on top of the master's
	 * @param release the prepared release the worker launches, or {@code null} when
	 * launches use no release (class-path launches)
	 * @return the started process
	 * @throws IOException if the process cannot be started
	 */
	default WorkerProcess launch(int id, int generation, Map<String, String> env, @Nullable Release release)
			throws IOException {
		return launch(id, generation, env);
	}

	/**
	 * Start a worker of a release in a slot.
	 * @param id the worker id, unique for the master's lifetime
	 * @param slot the worker's stable slot, 0 to {@code size - 1}, taken over by the worker
	 * that replaces it (the launcher passes it as {@code CLUSTER_MASTER_WORKER_SLOT})
	 * @param generation the generation the worker belongs to
	 * @param env the environment variables the worker gets on top of the master's
	 * @param release the prepared release the worker launches, or {@code null} when
	 * launches use no release (class-path launches)
	 * @return the started process
	 * @throws IOException if the process cannot be started
	 */
	default WorkerProcess launch(int id, int slot, int generation, Map<String, String> env, @Nullable Release release)
			throws IOException {
		return launch(id, generation, env, release);
	}

}
