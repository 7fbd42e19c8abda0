package io.github.clustermaster.ipc;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One message on the IPC channel, written as one line of JSON.
 *
 * @param type what the frame is: {@code hello}, {@code ready}, {@code heartbeat} (worker
 * to master) or {@code shutdown} (master to worker)
 * @param id the worker id, in {@code hello}
 * @param pid the worker's process id, in {@code hello}
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Frame(String type, @Nullable Integer id, @Nullable Long pid) {

	/** Worker to master: first frame on a connection. */
	public static final String HELLO = "hello";

	/** Worker to master: the application is ready and accepts connections. */
	public static final String READY = "ready";

	/** Worker to master: still alive. */
	public static final String HEARTBEAT = "heartbeat";

	/** Master to worker: stop gracefully. */
	public static final String SHUTDOWN = "shutdown";

	static Frame hello(int id, long pid) {
		return new Frame(HELLO, id, pid);
	}

	static Frame of(String type) {
		return new Frame(type, null, null);
	}

}
