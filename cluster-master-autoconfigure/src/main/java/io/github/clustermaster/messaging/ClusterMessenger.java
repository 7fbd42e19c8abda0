package io.github.clustermaster.messaging;

import java.util.List;

/**
 * Sends messages from the master to its workers; a bean in the master (for
 * master-side application code, the REPL). Workers receive them as
 * {@link MasterMessageEvent application events}.
 *
 * @author cluster-master
 */
public interface ClusterMessenger {

	/**
	 * Send a message to one worker.
	 * @param workerId the worker's id
	 * @param message anything Jackson can write
	 * @return whether the worker is connected and the message was written
	 * @throws ClusterMessageException if the message cannot be written as JSON or is too
	 * large; nothing was sent
	 */
	boolean send(int workerId, Object message);

	/**
	 * Send a message to every connected worker.
	 * @param message anything Jackson can write
	 * @return the ids of the workers it was written to
	 * @throws ClusterMessageException if the message cannot be written as JSON or is too
	 * large; nothing was sent
	 */
	List<Integer> broadcast(Object message);

	/**
	 * The ids of the workers connected to the master now (starting, ready or stopping).
	 * @return the ids, sorted
	 */
	List<Integer> connectedWorkers();

}
