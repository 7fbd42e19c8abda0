package io.github.clustermaster.actuate.workers;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.logging.LoggersEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.management.ThreadDumpEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerOperations} and {@link PoolWrites} with Boot's real endpoints,
 * in-process, and a master at the end of a real IPC socket.
 */
class WorkerOperationsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String LOGGER = "com.example.relayed";

	private final Map<String, Map<String, String>> poolWrites = new ConcurrentHashMap<>();

	private volatile PoolWriteOutcome poolAnswer = new PoolWriteOutcome(List.of(8, 9), Map.of());

	private IpcServer server;

	private WorkerSession session;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				JacksonEndpointAutoConfiguration.class, LoggersEndpointAutoConfiguration.class,
				ThreadDumpEndpointAutoConfiguration.class, WorkerActuatorAutoConfiguration.class))
		.withBean(LoggingSystem.class, () -> LoggingSystem.get(WorkerOperationsTests.class.getClassLoader()))
		.withPropertyValues("cluster.master.role=worker", "management.endpoints.web.exposure.include=loggers,threaddump");

	@BeforeEach
	void connect() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents(), new WorkerRequests() {

			@Override
			public CompletableFuture<io.github.clustermaster.control.CommandOutcome> command(int worker,
					io.github.clustermaster.control.ClusterCommand command) {
				throw new UnsupportedOperationException();
			}

			@Override
			public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
			}

			@Override
			public CompletableFuture<PoolWriteOutcome> poolWrite(int worker, String operation,
					Map<String, String> arguments) {
				WorkerOperationsTests.this.poolWrites.put(operation, arguments);
				return CompletableFuture.completedFuture(WorkerOperationsTests.this.poolAnswer);
			}

		});
		this.session = WorkerSession.connect(7, this.server.socket());
	}

	@AfterEach
	void close() throws IOException {
		this.session.close();
		this.server.close();
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LOGGER, null);
	}

	@Test
	void aWriteAnotherWorkerWasAskedForIsAppliedAsBootWouldAndARelayedReadSeesIt() {
		this.runner.withBean(WorkerSession.class, () -> this.session).run((context) -> {
			WorkerOperations operations = operations(context.getBean(PoolWrites.class),
					context.getBean(WebEndpointsSupplier.class));
			Map<String, String> arguments = Map.of("name", LOGGER, "configuredLevel", "DEBUG");
			assertThat(operations.apply("loggers:configuredLevel,name", arguments)).isNull();
			RelayResponse response = operations.invoke(request("GET", "loggers", LOGGER, null));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.contentType()).contains("json");
			assertThat(json.readTree(response.text()).get("configuredLevel").asString())
				.isEqualTo("DEBUG");
			assertThat(operations.apply("loggers:nothing", arguments)).contains("has no operation loggers:nothing");
			assertThat(this.poolWrites).as("applied for another worker: not sent again").isEmpty();
		});
	}

	@Test
	void aRelayedWriteIsBootsAndGoesToThePoolToo() {
		this.runner.withBean(WorkerSession.class, () -> this.session).run((context) -> {
			WorkerOperations operations = operations(context.getBean(PoolWrites.class),
					context.getBean(WebEndpointsSupplier.class));
			RelayResponse response = operations.invoke(request("POST", "loggers", LOGGER,
					json.createObjectNode().put("configuredLevel", "WARN")));
			assertThat(response.status()).isEqualTo(204);
			assertThat(LoggingSystem.get(getClass().getClassLoader()).getLoggerConfiguration(LOGGER)
				.getConfiguredLevel()).isEqualTo(LogLevel.WARN);
			assertThat(this.poolWrites).containsOnlyKeys("loggers:configuredLevel,name");
			assertThat(this.poolWrites.get("loggers:configuredLevel,name").get("configuredLevel"))
				.isEqualTo("WARN");
		});
	}

	@Test
	void aWriteAWorkerCouldNotApplyAnswers502NamingItAndWhy() {
		this.poolAnswer = new PoolWriteOutcome(List.of(8), Map.of(9, "it did not answer within 5000 ms"));
		this.runner.withBean(WorkerSession.class, () -> this.session).run((context) -> {
			WorkerOperations operations = operations(context.getBean(PoolWrites.class),
					context.getBean(WebEndpointsSupplier.class));
			RelayResponse response = operations.invoke(request("POST", "loggers", LOGGER,
					json.createObjectNode().put("configuredLevel", "INFO")));
			assertThat(response.status()).isEqualTo(502);
			assertThat(json.readTree(response.text())).isEqualTo(json.readTree(
					"{\"message\":\"Applied by 2 of 3 workers\",\"applied\":[7,8],"
							+ "\"failed\":{\"9\":\"it did not answer within 5000 ms\"}}"));
		});
	}

	@Test
	void aThreadDumpIsJsonOrTextAsAskedAndAnEndpointNotExposedIsNotFound() {
		this.runner.withBean(WorkerSession.class, () -> this.session).run((context) -> {
			WorkerOperations operations = operations(context.getBean(PoolWrites.class),
					context.getBean(WebEndpointsSupplier.class));
			RelayResponse dump = operations.invoke(request("GET", "threaddump", "", null));
			assertThat(dump.status()).isEqualTo(200);
			assertThat(json.readTree(dump.text()).get("threads").isArray()).isTrue();
			RelayRequest text = new RelayRequest("GET", "threaddump", "", Map.of(), null, "text/plain", null, List.of());
			RelayResponse textDump = operations.invoke(text);
			assertThat(textDump.contentType()).startsWith("text/plain");
			assertThat(textDump.text()).contains("Full thread dump");
			RelayResponse env = operations.invoke(request("GET", "env", "", null));
			assertThat(env.status()).isEqualTo(404);
			assertThat(env.text()).contains("exposes no endpoint 'env' on the web; it exposes [loggers, threaddump]");
			RelayResponse wrongMethod = operations.invoke(request("DELETE", "loggers", LOGGER, null));
			assertThat(wrongMethod.status()).isEqualTo(404);
		});
	}

	private WorkerOperations operations(PoolWrites writes, WebEndpointsSupplier endpoints) {
		return new WorkerOperations(7, writes, () -> endpoints, () -> json);
	}

	private static RelayRequest request(String method, String endpoint, String path, @Nullable JsonNode body) {
		return new RelayRequest(method, endpoint, path, Map.of(), body, null, null, List.of());
	}


}
