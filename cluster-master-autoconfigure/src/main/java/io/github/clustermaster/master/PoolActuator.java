package io.github.clustermaster.master;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;

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
		public CompletableFuture<RelayResponse> relay(int target, RelayRequest request) {
			return CompletableFuture.failedFuture(new IllegalStateException("This master relays no Actuator requests"));
		}

		@Override
		public CompletableFuture<PoolWriteOutcome> applyEverywhere(String operation, Map<String, String> arguments) {
			return CompletableFuture.failedFuture(new IllegalStateException("This master applies no Actuator writes"));
		}

	};

	/**
	 * Ask worker {@code target} to answer an Actuator request in-process.
	 * @param target the worker's id
	 * @param request the request
	 * @return the response; a 404 naming the workers there are for an unknown id, a 503
	 * while the worker is not ready
	 */
	CompletableFuture<RelayResponse> relay(int target, RelayRequest request);

	/**
	 * Apply an Actuator write operation on every connected worker (a logger level is
	 * also remembered for the workers started later, until it is reset).
	 * @param operation the operation, {@code endpoint:parameter,parameter}, for example
	 * {@code loggers:configuredLevel,name}
	 * @param arguments its arguments by parameter name, as Boot's operation takes them
	 * ({@code name}, {@code configuredLevel})
	 * @return the workers that applied it and those that could not
	 */
	CompletableFuture<PoolWriteOutcome> applyEverywhere(String operation, Map<String, String> arguments);

}
