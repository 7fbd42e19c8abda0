package io.github.clustermaster.worker;

import java.util.Map;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import org.jspecify.annotations.Nullable;

/**
 * What a worker does with the Actuator requests the master hands it: a write operation
 * another worker was asked for (a logger level, a cache eviction), and a request relayed
 * to this worker by id. Called on a worker thread of the session, never on the IPC
 * thread.
 *
 * @author cluster-master
 * @see WorkerSession#onActuator(ActuatorRequests)
 */
public interface ActuatorRequests {

	/**
	 * Apply a write operation.
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments its arguments
	 * @return {@code null} when it was applied, else why not
	 */
	@Nullable String apply(String operation, Map<String, String> arguments);

	/**
	 * Answer a relayed request in-process.
	 * @param request the request
	 * @return the response
	 */
	RelayResponse invoke(RelayRequest request);

}
