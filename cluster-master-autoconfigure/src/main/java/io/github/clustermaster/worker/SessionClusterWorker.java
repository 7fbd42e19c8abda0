package io.github.clustermaster.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.clustermaster.ipc.FrameTooLargeException;
import io.github.clustermaster.ipc.IpcRequestException;
import io.github.clustermaster.messaging.ClusterMessageException;
import io.github.clustermaster.messaging.ClusterWorker;
import io.github.clustermaster.messaging.MasterMessageEvent;
import io.github.clustermaster.messaging.MessageCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;

/**
 * The {@link ClusterWorker} of a real worker: messages go over its {@link WorkerSession},
 * and the master's messages are published as {@link MasterMessageEvent events}.
 *
 * @author cluster-master
 */
public final class SessionClusterWorker implements ClusterWorker {

	private final WorkerSession session;

	private final MessageCodec codec;

	private final int slot;

	/**
	 * Create the worker and start publishing the master's messages.
	 * @param session the session with the master
	 * @param codec writes and reads messages
	 * @param publisher publishes the master's messages as events
	 */
	public SessionClusterWorker(WorkerSession session, MessageCodec codec, ApplicationEventPublisher publisher) {
		this(session, 0, codec, publisher);
	}

	/**
	 * Create the worker and start publishing the master's messages.
	 * @param session the session with the master
	 * @param slot the worker's stable slot ({@code cluster.master.worker-slot})
	 * @param codec writes and reads messages
	 * @param publisher publishes the master's messages as events
	 */
	public SessionClusterWorker(WorkerSession session, int slot, MessageCodec codec,
			ApplicationEventPublisher publisher) {
		this.session = session;
		this.slot = slot;
		this.codec = codec;
		session.onMessage((message) -> publisher.publishEvent(new MasterMessageEvent(this, message, codec)));
	}

	@Override
	public int id() {
		return this.session.id();
	}

	@Override
	public int slot() {
		// A hot spare boots without a slot and takes that of the worker it replaces
		return this.session.spare().slot(this.slot);
	}

	@Override
	public boolean isWorker() {
		return true;
	}

	@Override
	public void send(Object message) {
		JsonNode payload = this.codec.encode(message);
		try {
			this.session.send(payload);
		}
		catch (FrameTooLargeException ex) {
			throw MessageCodec.tooLarge("message to the master", ex);
		}
		catch (IOException | IllegalStateException ex) {
			throw new ClusterMessageException(
					"Worker " + id() + " could not send a message to its master: " + ex.getMessage(), ex);
		}
	}

	@Override
	public <T> CompletableFuture<T> request(Object message, Class<T> replyType, Duration timeout) {
		JsonNode payload = this.codec.encode(message);
		CompletableFuture<JsonNode> reply;
		try {
			reply = this.session.request(payload, timeout);
		}
		catch (FrameTooLargeException ex) {
			throw MessageCodec.tooLarge("message to the master", ex);
		}
		return reply.handle((json, ex) -> {
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				String prefix = (cause instanceof IpcRequestException failed && failed.isAnswered())
						? "The master answered worker " + id() + "'s request with an error: " : "";
				throw new ClusterMessageException(prefix + cause.getMessage(), cause);
			}
			return this.codec.decode(json, replyType);
		});
	}

	@Override
	public String toString() {
		return "worker " + id();
	}

}
