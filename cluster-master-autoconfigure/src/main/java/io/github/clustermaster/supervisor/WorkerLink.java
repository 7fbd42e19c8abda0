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

	/**
	 * Tell a hot spare to start accepting from the shared socket: it takes the given slot.
	 * @param slot the slot of the worker it replaces
	 * @return whether the request could be sent
	 */
	default boolean promote(int slot) {
		return false;
	}

}
