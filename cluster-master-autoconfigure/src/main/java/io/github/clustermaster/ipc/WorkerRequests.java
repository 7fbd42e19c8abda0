package io.github.clustermaster.ipc;

import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.CommandOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the master does with the commands and messages its workers send. Called on the
 * worker's IPC thread: implementations hand the work on and return quickly, since that
 * thread also reads the worker's heartbeats.
 *
 * @author cluster-master
 */
public interface WorkerRequests {

	/** Refuses commands and drops messages, for a master with nothing to answer them. */
	WorkerRequests NONE = new WorkerRequests() {

		@Override
		public CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command) {
			return CompletableFuture.failedFuture(new IllegalStateException("This master takes no commands"));
		}

		@Override
		public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
		}

	};

	/**
	 * A command a worker relays, for example from the Actuator endpoint.
	 * @param worker the worker's id
	 * @param command the command
	 * @return the outcome; an exceptional completion answers with the exception's message
	 */
	CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command);

	/**
	 * A message from a worker's application. When {@code seq} is not {@code null} the
	 * worker waits for an answer, given with {@link IpcServer#reply}.
	 * @param worker the worker's id
	 * @param pid the worker's process id
	 * @param message the message
	 * @param seq the number to answer with, or {@code null}
	 */
	void message(int worker, long pid, JsonNode message, @Nullable Long seq);

	/**
	 * An Actuator write operation a worker applied, to apply on every other worker.
	 * @param worker the id of the worker that applied it
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments its arguments
	 * @return the outcome on the other workers; an exceptional completion answers with
	 * the exception's message
	 */
	default CompletableFuture<PoolWriteOutcome> poolWrite(int worker, String operation, Map<String, String> arguments) {
		return CompletableFuture.failedFuture(new IllegalStateException("This master applies no pool writes"));
	}

	/**
	 * A worker's outcome of an {@link Frame.Apply} the master sent it.
	 * @param worker the worker's id
	 * @param seq the apply's number
	 * @param error why it was not applied, or {@code null}
	 */
	default void applied(int worker, long seq, @Nullable String error) {
	}

	/**
	 * An Actuator request a worker relays to another.
	 * @param worker the id of the worker relaying it
	 * @param target the id of the worker that is to answer
	 * @param request the request
	 * @return the target's response; an exceptional completion answers with the
	 * exception's message
	 */
	default CompletableFuture<RelayResponse> relay(int worker, int target, RelayRequest request) {
		return CompletableFuture.failedFuture(new IllegalStateException("This master relays no requests"));
	}

	/**
	 * A worker's response to an {@link Frame.Invoke} the master sent it.
	 * @param worker the worker's id
	 * @param seq the invoke's number
	 * @param response the response
	 */
	default void invoked(int worker, long seq, RelayResponse response) {
	}

	/**
	 * The frames a worker gets right after its {@code hello} (and the status), for
	 * example the logger levels set at run time.
	 * @param worker the worker's id
	 * @return the frames, in order
	 */
	default List<Frame> greeting(int worker) {
		return List.of();
	}

}
