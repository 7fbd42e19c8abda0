package io.github.clustermaster.messaging;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.ipc.FrameTooLargeException;
import io.github.clustermaster.ipc.IpcServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The master's messaging: delivers workers' messages to the
 * {@link ClusterMessageListener listeners} one at a time on one thread (so the IPC
 * threads, which also read heartbeats, never run application code), and sends messages
 * to workers. Created by the master's configuration, which hands it the IPC server; the
 * application sees it as its {@link ClusterMessenger}.
 *
 * @author cluster-master
 */
public final class MasterMessaging implements ClusterMessenger, AutoCloseable {

	private static final Log logger = LogFactory.getLog(MasterMessaging.class);

	/**
	 * How many received messages may wait for the listeners; beyond, the IPC thread of a
	 * worker waits, and so does that worker's sender.
	 */
	static final int QUEUE_CAPACITY = 10_000;

	private final IpcServer server;

	private final MessageCodec codec;

	private final Supplier<List<ClusterMessageListener>> listeners;

	private final Consumer<MasterEvent> events;

	private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Start the thread that delivers the workers' messages.
	 * @param server the master's IPC server
	 * @param codec the application's JSON mapping of messages
	 * @param listeners the listeners, asked at each message
	 * @param events where a listener's failure is reported
	 */
	public MasterMessaging(IpcServer server, MessageCodec codec, Supplier<List<ClusterMessageListener>> listeners,
			Consumer<MasterEvent> events) {
		this.server = server;
		this.codec = codec;
		this.listeners = listeners;
		this.events = events;
		this.thread = new Thread(this::run, "cluster-master-messages");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public boolean send(int workerId, Object message) {
		JsonNode payload = this.codec.encode(message);
		try {
			return this.server.send(workerId, payload);
		}
		catch (FrameTooLargeException ex) {
			throw MessageCodec.tooLarge("message to worker " + workerId, ex);
		}
	}

	@Override
	public List<Integer> broadcast(Object message) {
		JsonNode payload = this.codec.encode(message);
		try {
			return this.server.broadcast(payload);
		}
		catch (FrameTooLargeException ex) {
			throw MessageCodec.tooLarge("broadcast message", ex);
		}
	}

	@Override
	public List<Integer> connectedWorkers() {
		return this.server.connectedWorkers();
	}

	/**
	 * Queue a worker's message for the listeners; waits while the queue is full.
	 * @param worker the worker's id
	 * @param pid the worker's pid
	 * @param payload the message
	 * @param seq the number of the request, when the worker expects an answer
	 */
	public void received(int worker, long pid, JsonNode payload, @Nullable Long seq) {
		Received message = new Received(new WorkerRef(worker, pid), payload, seq);
		try {
			this.queue.put(() -> deliver(message));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		while (!this.closed) {
			try {
				this.queue.take().run();
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Delivering a worker's message failed", ex);
			}
		}
	}

	private void deliver(Received message) {
		List<ClusterMessageListener> listeners = this.listeners.get();
		if (listeners.isEmpty()) {
			logger.warn("A message from " + message.worker + " arrived but the master has no ClusterMessageListener "
					+ "(declare one in a @ClusterMasterConfiguration class)");
			message.fail("The master has no ClusterMessageListener");
			return;
		}
		for (ClusterMessageListener listener : listeners) {
			try {
				listener.onMessage(message);
			}
			catch (RuntimeException ex) {
				this.events.accept(new MasterEvent.MessageListenerFailed(listener.getClass().getName(),
						message.worker.id(), message.worker.pid(), ex));
				message.fail("The master's listener failed: " + ex.getMessage());
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
	}

	/**
	 * A message as the listeners see it.
	 */
	private final class Received implements WorkerMessage {

		private final WorkerRef worker;

		private final JsonNode payload;

		private final @Nullable Long seq;

		private final AtomicBoolean answered = new AtomicBoolean();

		Received(WorkerRef worker, JsonNode payload, @Nullable Long seq) {
			this.worker = worker;
			this.payload = payload;
			this.seq = seq;
		}

		@Override
		public WorkerRef worker() {
			return this.worker;
		}

		@Override
		public JsonNode payload() {
			return this.payload;
		}

		@Override
		public <T> @Nullable T payload(Class<T> type) {
			return MasterMessaging.this.codec.decode(this.payload, type);
		}

		@Override
		public boolean expectsReply() {
			return this.seq != null;
		}

		@Override
		public boolean reply(Object answer) {
			JsonNode json = MasterMessaging.this.codec.encode(answer);
			Long seq = this.seq;
			if (seq != null && this.answered.compareAndSet(false, true)) {
				try {
					return MasterMessaging.this.server.reply(this.worker.id(), seq, json, null);
				}
				catch (FrameTooLargeException ex) {
					this.answered.set(false);
					throw MessageCodec.tooLarge("reply to " + this.worker, ex);
				}
			}
			return send(this.worker.id(), answer);
		}

		void fail(String error) {
			Long seq = this.seq;
			if (seq != null && this.answered.compareAndSet(false, true)) {
				MasterMessaging.this.server.reply(this.worker.id(), seq, null, error);
			}
		}

		@Override
		public List<Integer> broadcast(Object message) {
			return MasterMessaging.this.broadcast(message);
		}

		@Override
		public String toString() {
			return "message from " + this.worker + ": " + this.payload;
		}

	}

}
