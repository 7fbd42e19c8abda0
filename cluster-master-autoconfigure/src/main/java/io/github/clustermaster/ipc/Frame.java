package io.github.clustermaster.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One message on the IPC channel, written as one line of JSON.
 *
 * @param type what the frame is: {@code hello}, {@code ready}, {@code heartbeat},
 * {@code command} (worker to master), {@code shutdown} (master to worker), {@code message}
 * (both ways) or {@code reply} (master to worker)
 * @param id the worker id, in {@code hello}
 * @param pid the worker's process id, in {@code hello}
 * @param seq the number a worker gave a {@code command} or a {@code message} it expects an
 * answer to; the {@code reply} carries it back
 * @param payload the content of a {@code command}, a {@code message} or a successful
 * {@code reply}
 * @param error why a {@code reply} carries no payload
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Frame(String type, @Nullable Integer id, @Nullable Long pid, @Nullable Long seq,
		@Nullable JsonNode payload, @Nullable String error) {

	/** Worker to master: first frame on a connection. */
	public static final String HELLO = "hello";

	/** Worker to master: the application is ready and accepts connections. */
	public static final String READY = "ready";

	/** Worker to master: still alive. */
	public static final String HEARTBEAT = "heartbeat";

	/** Master to worker: stop gracefully. */
	public static final String SHUTDOWN = "shutdown";

	/** Worker to master: a command to run on the pool (the Actuator endpoint's), answered by a reply. */
	public static final String COMMAND = "command";

	/** Either way: an application's message; from a worker with a {@code seq}, it expects a reply. */
	public static final String MESSAGE = "message";

	/** Master to worker: the answer to the command or message with the same {@code seq}. */
	public static final String REPLY = "reply";

	static Frame hello(int id, long pid) {
		return new Frame(HELLO, id, pid, null, null, null);
	}

	static Frame of(String type) {
		return new Frame(type, null, null, null, null, null);
	}

	static Frame of(String type, @Nullable Long seq, JsonNode payload) {
		return new Frame(type, null, null, seq, payload, null);
	}

	static Frame reply(long seq, @Nullable JsonNode payload, @Nullable String error) {
		return new Frame(REPLY, null, null, seq, payload, error);
	}

}
