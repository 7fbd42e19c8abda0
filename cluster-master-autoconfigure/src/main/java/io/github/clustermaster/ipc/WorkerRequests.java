package io.github.clustermaster.ipc;

import java.util.concurrent.CompletableFuture;

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
		public CompletableFuture<JsonNode> command(int worker, JsonNode command) {
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
	 * @return the answer; an exceptional completion answers with the exception's message
	 */
	CompletableFuture<JsonNode> command(int worker, JsonNode command);

	/**
	 * A message from a worker's application. When {@code seq} is not {@code null} the
	 * worker waits for an answer, given with {@link IpcServer#reply}.
	 * @param worker the worker's id
	 * @param pid the worker's process id
	 * @param message the message
	 * @param seq the number to answer with, or {@code null}
	 */
	void message(int worker, long pid, JsonNode message, @Nullable Long seq);

}
