package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.util.Map;

/**
 * Starts worker processes.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface WorkerLauncher {

	/**
	 * Start a worker.
	 * @param id the worker id, unique for the master's lifetime
	 * @param generation the generation the worker belongs to
	 * @param env the environment variables the worker gets on top of the master's
	 * @return the started process
	 * @throws IOException if the process cannot be started
	 */
	WorkerProcess launch(int id, int generation, Map<String, String> env) throws IOException;

}
