package io.github.clustermaster.supervisor;

/**
 * The master's connection to one worker.
 *
 * @author cluster-master
 */
public interface WorkerLink {

	/**
	 * Ask the worker to shut down gracefully.
	 * @return whether the request could be sent
	 */
	boolean requestShutdown();

}
