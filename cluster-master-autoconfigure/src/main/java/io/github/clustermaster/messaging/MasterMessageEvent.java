package io.github.clustermaster.messaging;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEvent;

/**
 * A message the master sent to this worker ({@link ClusterMessenger#send},
 * {@link ClusterMessenger#broadcast} or {@link WorkerMessage#reply} to a message that
 * expected none), published in the worker's context on one thread, in order, once the
 * application is ready.
 *
 * @author cluster-master
 */
public class MasterMessageEvent extends ApplicationEvent {

	private final transient JsonNode payload;

	private final transient MessageCodec codec;

	/**
	 * Create an event.
	 * @param worker the worker that received the message
	 * @param payload the message
	 * @param codec reads the message as a type
	 */
	public MasterMessageEvent(ClusterWorker worker, JsonNode payload, MessageCodec codec) {
		super(worker);
		this.payload = payload;
		this.codec = codec;
	}

	/**
	 * The message as JSON.
	 * @return the message
	 */
	public JsonNode payload() {
		return this.payload;
	}

	/**
	 * The message read as a type.
	 * @param <T> the type
	 * @param type the type
	 * @return the message
	 * @throws ClusterMessageException if it does not fit the type
	 */
	public <T> @Nullable T payload(Class<T> type) {
		return this.codec.decode(this.payload, type);
	}

	/**
	 * The worker that received it.
	 * @return the worker
	 */
	public ClusterWorker worker() {
		return (ClusterWorker) getSource();
	}

	@Override
	public String toString() {
		return "MasterMessageEvent " + this.payload;
	}

}
