package io.github.clustermaster.master;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.messaging.MasterMessaging;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Answers the workers' commands with the {@link ClusterCommandExecutor} and hands their
 * messages to {@link MasterMessaging}.
 *
 * @author cluster-master
 */
final class MasterRequests implements WorkerRequests {

	private final ClusterCommandExecutor executor;

	private final MasterMessaging messaging;

	private final @Nullable MasterActuator actuator;

	MasterRequests(ClusterCommandExecutor executor, MasterMessaging messaging) {
		this(executor, messaging, null);
	}

	MasterRequests(ClusterCommandExecutor executor, MasterMessaging messaging, @Nullable MasterActuator actuator) {
		this.executor = executor;
		this.messaging = messaging;
		this.actuator = actuator;
	}

	@Override
	public CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command) {
		return this.executor.execute(command, worker);
	}

	@Override
	public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
		this.messaging.received(worker, pid, message, seq);
	}

	@Override
	public CompletableFuture<PoolWriteOutcome> poolWrite(int worker, String operation, Map<String, String> arguments) {
		return (this.actuator != null) ? this.actuator.poolWrite(worker, operation, arguments)
				: WorkerRequests.super.poolWrite(worker, operation, arguments);
	}

	@Override
	public void applied(int worker, long seq, @Nullable String error) {
		if (this.actuator != null) {
			this.actuator.applied(worker, seq, error);
		}
	}

	@Override
	public CompletableFuture<RelayResponse> relay(int worker, int target, RelayRequest request) {
		return (this.actuator != null) ? this.actuator.relay(worker, target, request)
				: WorkerRequests.super.relay(worker, target, request);
	}

	@Override
	public void invoked(int worker, long seq, RelayResponse response) {
		if (this.actuator != null) {
			this.actuator.invoked(worker, seq, response);
		}
	}

	@Override
	public List<Frame> greeting(int worker) {
		return (this.actuator != null) ? this.actuator.greeting(worker) : List.of();
	}

}
