package io.github.clustermaster.master;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MasterActuator}, over a real IPC socket with workers that are
 * {@link MasterConnection}s of this JVM.
 */
class MasterActuatorTests {

	private static final String LEVEL = "loggers:configuredLevel,name";

	private final WorkerPoolManager pool = mock(WorkerPoolManager.class);

	private IpcServer server;

	private MasterActuator actuator;

	private final List<MasterConnection> connections = new CopyOnWriteArrayList<>();

	/** What each fake worker applied, by worker id. */
	private final Map<Integer, List<Map<String, String>>> applied = new ConcurrentHashMap<>();

	@BeforeEach
	void serve() throws IOException {
		this.server = IpcServer.bind();
		this.actuator = new MasterActuator(this.server, this.pool);
		MasterActuator actuator = this.actuator;
		this.server.serve(new NoWorkerEvents(), new WorkerRequests() {

			@Override
			public java.util.concurrent.CompletableFuture<io.github.clustermaster.control.CommandOutcome> command(
					int worker, io.github.clustermaster.control.ClusterCommand command) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
			}

			@Override
			public java.util.concurrent.CompletableFuture<PoolWriteOutcome> poolWrite(int worker, String operation,
					Map<String, String> arguments) {
				return actuator.poolWrite(worker, operation, arguments);
			}

			@Override
			public void applied(int worker, long seq, @Nullable String error) {
				actuator.applied(worker, seq, error);
			}

			@Override
			public java.util.concurrent.CompletableFuture<RelayResponse> relay(int worker, int target,
					RelayRequest request) {
				return actuator.relay(worker, target, request);
			}

			@Override
			public void invoked(int worker, long seq, RelayResponse response) {
				actuator.invoked(worker, seq, response);
			}

			@Override
			public List<io.github.clustermaster.ipc.Frame> greeting(int worker) {
				return actuator.greeting(worker);
			}

		});
	}

	@AfterEach
	void close() throws IOException {
		for (MasterConnection connection : this.connections) {
			connection.close();
		}
		this.server.close();
	}

	@Test
	void aLevelOneWorkerSetIsAppliedByEveryOtherAndGivenToAWorkerThatConnectsLater() throws Exception {
		MasterConnection one = worker(1, null);
		worker(2, null);
		worker(3, "no such logger");
		await().until(() -> this.server.connectedWorkers().size() == 3);
		PoolWriteOutcome answer = one.poolWrite(LEVEL, level("com.example", "DEBUG"), Duration.ofSeconds(5)).get();
		assertThat(answer).isEqualTo(new PoolWriteOutcome(List.of(2), Map.of(3, "no such logger")));
		assertThat(this.applied.get(1)).as("the worker that asked applied it itself").isNull();

		worker(4, null);
		await().until(() -> this.applied.containsKey(4));
		assertThat(this.applied.get(4)).containsExactly(level("com.example", "DEBUG"));

		one.poolWrite(LEVEL, level("com.example", null), Duration.ofSeconds(5)).get();
		worker(5, null);
		await().until(() -> this.server.connectedWorkers().contains(5));
		assertThat(this.actuator.greeting(5)).as("reset: forgotten").isEmpty();
	}

	@Test
	void aRelayedRequestIsAnsweredByTheWorkerItNamesAndRefusedForAnUnknownOrStartingOne() throws Exception {
		given(this.pool.status()).willReturn(status(new WorkerInfo(1, 11, WorkerState.READY, 1, Duration.ZERO, 0),
				new WorkerInfo(2, 12, WorkerState.READY, 1, Duration.ZERO, 0),
				new WorkerInfo(3, 13, WorkerState.STARTING, 1, Duration.ZERO, 0)));
		MasterConnection one = worker(1, null);
		worker(2, null);
		await().until(() -> this.server.connectedWorkers().size() == 2);
		RelayRequest request = RelayRequest.of("GET", "health", "", null);

		RelayResponse answer = one.relay(2, request, Duration.ofSeconds(5)).get();
		assertThat(answer).isEqualTo(RelayResponse.text(200, "text/plain", "worker 2 answers GET health"));

		RelayResponse unknown = one.relay(9, request, Duration.ofSeconds(5)).get();
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.text()).contains("There is no worker 9; the workers are [1, 2, 3]");

		RelayResponse starting = one.relay(3, request, Duration.ofSeconds(5)).get();
		assertThat(starting.status()).isEqualTo(503);
		assertThat(starting.text()).contains("Worker 3 is starting, not ready");
	}

	private MasterConnection worker(int id, @Nullable String refusal) throws IOException {
		MasterConnection[] self = new MasterConnection[1];
		self[0] = MasterConnection.connect(this.server.socket(), id, new MasterConnection.Listener() {

			@Override
			public void shutdownRequested() {
			}

			@Override
			public void masterLost() {
			}

			@Override
			public void applyRequested(@Nullable Long seq, String operation, Map<String, String> arguments) {
				if (refusal == null) {
					MasterActuatorTests.this.applied.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>())
						.add(arguments);
				}
				if (seq != null) {
					self[0].applied(seq, refusal);
				}
			}

			@Override
			public void invokeRequested(long seq, RelayRequest request) {
				self[0].invoked(seq, RelayResponse.text(200, "text/plain",
						"worker " + id + " answers " + request.method() + " " + request.endpoint()));
			}

		});
		this.connections.add(self[0]);
		return self[0];
	}

	private static Map<String, String> level(String name, @Nullable String level) {
		Map<String, String> arguments = new java.util.LinkedHashMap<>();
		arguments.put("name", name);
		if (level != null) {
			arguments.put("configuredLevel", level);
		}
		return arguments;
	}

	private static ClusterStatus status(WorkerInfo... workers) {
		return new ClusterStatus(workers.length, 1, false, false, false, false, List.of(workers), ClusterCounters.NONE);
	}


}
