package io.github.clustermaster.master;

import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * The workers' Actuator, as the master reaches it: a request answered by one worker in its
 * own process, and a write operation applied by every worker. For the REPL; the workers'
 * own Actuator requests take the same way through IPC.
 *
 * @author cluster-master
 */
public interface PoolActuator {

	/** For a master without workers' Actuator: refuses every request. */
	PoolActuator NONE = new PoolActuator() {

		@Override
		public CompletableFuture<JsonNode> relay(int target, JsonNode request) {
			return CompletableFuture.failedFuture(new IllegalStateException("This master relays no Actuator requests"));
		}

		@Override
		public CompletableFuture<JsonNode> applyEverywhere(String operation, JsonNode arguments) {
			return CompletableFuture.failedFuture(new IllegalStateException("This master applies no Actuator writes"));
		}

	};

	/**
	 * Ask worker {@code target} to answer an Actuator request in-process.
	 * @param target the worker's id
	 * @param request the request: {@code method}, {@code endpoint}, {@code path},
	 * {@code query} ({@code {name: [values]}}), {@code accept}
	 * @return the response: {@code status}, {@code contentType}, {@code body} (or
	 * {@code bodyBase64}); a 404 naming the workers there are for an unknown id, a 503
	 * while the worker is not ready
	 */
	CompletableFuture<JsonNode> relay(int target, JsonNode request);

	/**
	 * Apply an Actuator write operation on every connected worker (a logger level is
	 * also remembered for the workers started later, until it is reset).
	 * @param operation the operation, {@code endpoint:parameter,parameter}, for example
	 * {@code loggers:configuredLevel,name}
	 * @param arguments its arguments
	 * @return {@code {"applied": [ids], "failed": {id: reason}}}
	 */
	CompletableFuture<JsonNode> applyEverywhere(String operation, JsonNode arguments);

}
