package io.github.clustermaster.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * This worker as its application sees it: its id, and messages to the master. Messages
 * from the master arrive as {@link MasterMessageEvent application events}, one at a time
 * and in the order the master sent them, once the application is ready:
 * <pre class="code">
 * &#064;EventListener
 * void onMasterMessage(MasterMessageEvent event) {
 *     Announcement announcement = event.payload(Announcement.class);
 * }
 * </pre>
 * A bean of this type exists in every worker; an application running standalone (tests,
 * {@code cluster.master.enabled=false}) gets one that has no master.
 *
 * @author cluster-master
 */
public interface ClusterWorker {

	/** How long {@link #request(Object, Class)} waits for the master's reply. */
	Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * This worker's id, 1, 2, 3, … in the order the master started its workers.
	 * @return the id, or 0 when the application runs standalone
	 */
	int id();

	/**
	 * This worker's stable slot, 0 to {@code size - 1} (pm2's {@code NODE_APP_INSTANCE}):
	 * the worker that replaces this one (a respawn after a crash, recycling, a rolling
	 * restart) takes over its slot, so a slot names a share of the work (a partition, a
	 * port offset, a file of its own). During a surge two workers may briefly share a
	 * slot, and a slot may be empty while its worker is replaced: work that must run once
	 * per pool takes the pool's lease, not "if slot 0".
	 * @return the slot, or 0 when the application runs standalone
	 */
	default int slot() {
		return 0;
	}

	/**
	 * Whether this application runs as a worker of a master.
	 * @return {@code false} when it runs standalone
	 */
	boolean isWorker();

	/**
	 * Send a message to the master's
	 * {@link ClusterMessageListener listeners}. Messages of one worker arrive in the
	 * order they were sent.
	 * @param message anything Jackson can write
	 * @throws ClusterMessageException if the message cannot be written as JSON, is larger
	 * than the IPC limit (1 MiB of JSON), or the master is gone; nothing was sent
	 */
	void send(Object message);

	/**
	 * Send a message to the master and wait for a listener's
	 * {@link WorkerMessage#reply(Object) reply}.
	 * @param <T> the type of the reply
	 * @param message anything Jackson can write
	 * @param replyType the type to read the reply as
	 * @return the reply; completed exceptionally with a {@link ClusterMessageException} if a
	 * listener failed, none replied within {@link #DEFAULT_REQUEST_TIMEOUT}, or the master is
	 * gone
	 * @throws ClusterMessageException if the message cannot be written or is too large
	 */
	default <T> CompletableFuture<T> request(Object message, Class<T> replyType) {
		return request(message, replyType, DEFAULT_REQUEST_TIMEOUT);
	}

	/**
	 * Send a message to the master and wait for a listener's reply.
	 * @param <T> the type of the reply
	 * @param message anything Jackson can write
	 * @param replyType the type to read the reply as
	 * @param timeout how long to wait for the reply
	 * @return the reply, see {@link #request(Object, Class)}
	 * @throws ClusterMessageException if the message cannot be written or is too large
	 */
	<T> CompletableFuture<T> request(Object message, Class<T> replyType, Duration timeout);

	/**
	 * The {@code ClusterWorker} of an application that runs standalone: id 0, messages go
	 * nowhere, requests fail.
	 * @return a standalone worker
	 */
	static ClusterWorker standalone() {
		return new StandaloneClusterWorker();
	}

}
