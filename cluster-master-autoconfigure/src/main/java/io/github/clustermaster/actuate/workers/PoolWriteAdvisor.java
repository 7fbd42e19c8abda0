package io.github.clustermaster.actuate.workers;

import java.util.List;
import java.util.stream.StreamSupport;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

/**
 * Makes the write operations meant for the whole pool ({@link PoolWrites#isPoolWide})
 * apply on every worker: Boot's endpoints stay Boot's, whichever exposes them (web or
 * JMX), and the operations of web extensions ({@code CachesEndpointWebExtension}) are
 * advised the same way.
 *
 * @author cluster-master
 */
final class PoolWriteAdvisor implements OperationInvokerAdvisor {

	private final PoolWrites writes;

	PoolWriteAdvisor(PoolWrites writes) {
		this.writes = writes;
	}

	@Override
	public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
			OperationInvoker invoker) {
		if (!PoolWrites.isPoolWide(endpointId, operationType)) {
			return invoker;
		}
		List<String> names = StreamSupport.stream(parameters.spliterator(), false)
			.map(OperationParameter::getName)
			.toList();
		return this.writes.wrap(PoolWrites.key(endpointId, names), names, invoker);
	}

}
