package io.github.clustermaster.messaging;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message from a worker, as the master's {@link ClusterMessageListener} receives it.
 *
 * @author cluster-master
 */
public interface WorkerMessage {

	/**
	 * The worker that sent it.
	 * @return the worker
	 */
	WorkerRef worker();

	/**
	 * The message as JSON.
	 * @return the message
	 */
	JsonNode payload();

	/**
	 * The message read as a type.
	 * @param <T> the type
	 * @param type the type
	 * @return the message
	 * @throws ClusterMessageException if it does not fit the type
	 */
	<T> @Nullable T payload(Class<T> type);

	/**
	 * Whether the worker waits for a reply ({@link ClusterWorker#request}).
	 * @return whether a reply is expected
	 */
	boolean expectsReply();

	/**
	 * Answer the worker. The first reply to a message that expects one completes the
	 * worker's request; any other reply arrives there as a {@link MasterMessageEvent}.
	 * @param answer anything Jackson can write
	 * @return whether the worker is still connected and the reply was written
	 * @throws ClusterMessageException if the answer cannot be written as JSON or is too
	 * large; nothing was sent
	 */
	boolean reply(Object answer);

	/**
	 * Send a message to every connected worker, the sender included.
	 * @param message anything Jackson can write
	 * @return the ids of the workers it was written to
	 * @throws ClusterMessageException if the message cannot be written as JSON or is too
	 * large; nothing was sent
	 */
	List<Integer> broadcast(Object message);

}
