package io.github.clustermaster.messaging;

/**
 * Receives the messages workers send, in the master. Declare it as a bean of a
 * {@link io.github.clustermaster.master.ClusterMasterConfiguration
 * &#064;ClusterMasterConfiguration} class. Listeners are called one message at a time, on
 * one thread, in the order each worker sent its messages; an exception is logged with the
 * worker's id (and answers a {@link WorkerMessage#expectsReply() request} with its
 * message) and the next message is delivered as usual.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface ClusterMessageListener {

	/**
	 * A worker sent a message.
	 * @param message the message, with its sender and the way to answer
	 */
	void onMessage(WorkerMessage message);

}
