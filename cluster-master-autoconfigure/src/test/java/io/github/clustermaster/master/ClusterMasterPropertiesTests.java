package io.github.clustermaster.master;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.clustermaster.supervisor.SupervisorSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterMasterProperties}.
 */
class ClusterMasterPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsInTheMetadataMatchTheCode() throws Exception {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		Map<String, Object> code = new HashMap<>();
		code.put("cluster.master.enabled", properties.isEnabled());
		code.put("cluster.master.silent", properties.isSilent());
		code.put("cluster.master.signals", properties.isSignals());
		code.put("cluster.master.worker-profile", properties.getWorkerProfile());
		code.put("cluster.master.min-restart-age", properties.getMinRestartAge());
		code.put("cluster.master.shutdown-timeout", properties.getShutdownTimeout());
		code.put("cluster.master.boot-timeout", properties.getBootTimeout());
		code.put("cluster.master.heartbeat-timeout", properties.getHeartbeatTimeout());
		code.put("cluster.master.scheduling", properties.getScheduling().propertyValue());
		code.put("cluster.master.memory.enabled", properties.getMemory().isEnabled());
		code.put("cluster.master.restart-intensity.max-restarts", properties.getRestartIntensity().getMaxRestarts());
		code.put("cluster.master.restart-intensity.period", properties.getRestartIntensity().getPeriod());
		code.put("cluster.master.restart-intensity.initial-backoff",
				properties.getRestartIntensity().getInitialBackoff());
		code.put("cluster.master.restart-intensity.max-backoff", properties.getRestartIntensity().getMaxBackoff());
		code.put("cluster.master.restart.canary.enabled", properties.getRestart().getCanary().isEnabled());
		code.put("cluster.master.restart.canary.window", properties.getRestart().getCanary().getWindow());
		code.put("cluster.master.restart.canary.min-requests", properties.getRestart().getCanary().getMinRequests());
		code.put("cluster.master.restart.canary.latency-increase",
				properties.getRestart().getCanary().getLatencyIncrease());
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, Object> documented = new HashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			JsonNode value = property.get("defaultValue");
			if (value != null && code.containsKey(name)) {
				documented.put(name, (code.get(name) instanceof Duration) ? DurationStyle.detectAndParse(value.asString())
						: (code.get(name) instanceof Integer) ? value.asInt()
								: (code.get(name) instanceof Boolean) ? value.asBoolean() : value.asString());
			}
		}
		assertThat(documented).isEqualTo(code);
		for (JsonNode property : metadata.get("properties")) {
			assertThat(property.get("description")).as("description of " + property.get("name")).isNotNull();
		}
	}

	@Test
	void validPropertiesBind() {
		this.runner
			.withPropertyValues("cluster.master.size=4", "cluster.master.repl=127.0.0.1:3002",
					"cluster.master.env.FOO=bar", "cluster.master.restart-intensity.max-restarts=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClusterMasterProperties properties = context.getBean(ClusterMasterProperties.class);
				assertThat(SupervisorSettingsMapper.settings(properties).size()).isEqualTo(4);
				assertThat(properties.getEnv()).containsEntry("FOO", "bar");
				assertThat(SupervisorSettingsMapper.settings(properties).intensity().maxRestarts()).isEqualTo(2);
			});
	}

	@Test
	void negativeSizeFailsNamingTheProperty() {
		assertInvalid("cluster.master.size=-1", "cluster.master.size", "size must be a whole number from 0 to 1024");
	}

	@Test
	void negativeSparesFailNamingTheProperty() {
		assertInvalid("cluster.master.spares=-1", "cluster.master.spares", "must be from 0 to 1024, was -1");
	}

	@Test
	void hugeSizeFailsNamingTheProperty() {
		assertInvalid("cluster.master.size=100000", "cluster.master.size", "size must be a whole number from 0 to 1024");
	}

	@Test
	void replPortOutOfRangeFailsNamingTheProperty() {
		assertInvalid("cluster.master.repl=70000", "cluster.master.repl", "port must be between 1 and 65535");
	}

	@Test
	void zeroShutdownTimeoutFailsNamingTheProperty() {
		assertInvalid("cluster.master.shutdown-timeout=0s", "cluster.master.shutdown-timeout", "must be positive");
	}

	@Test
	void tooShortHeartbeatTimeoutFailsNamingTheProperty() {
		assertInvalid("cluster.master.heartbeat-timeout=1s", "cluster.master.heartbeat-timeout", "at least 3s");
	}

	@Test
	void maxBackoffBelowInitialBackoffFailsNamingTheProperty() {
		// Boot names a nested field in its Java form in the message
		assertInvalid("cluster.master.restart-intensity.max-backoff=100ms", "restartIntensity.maxBackoff",
				"must not be less than initial-backoff");
	}

	@Test
	void canarySettingsAreCheckedNamingTheProperty() {
		assertInvalid("cluster.master.restart.canary.window=1s", "restart.canary.window",
				"must be at least 2s (workers report their requests with a heartbeat every second)");
		assertInvalid("cluster.master.restart.canary.min-requests=0", "restart.canary.minRequests", "must be at least 1");
		assertInvalid("cluster.master.restart.canary.error-increase=101", "restart.canary.errorIncrease",
				"must be from 0 to 100 (percentage points)");
		assertInvalid("cluster.master.restart.canary.error-ratio=0.5", "restart.canary.errorRatio", "must be at least 1");
		assertInvalid("cluster.master.restart.canary.latency-ratio=0", "restart.canary.latencyRatio",
				"must be at least 1");
		assertInvalid("cluster.master.restart.canary.latency-increase=-1ms", "restart.canary.latencyIncrease",
				"must not be negative");
	}

	@Test
	void maxSurgeIsACountOrAPercentageOfTheSize() {
		assertInvalid("cluster.master.restart.max-surge=lots", "restart.maxSurge",
				"max-surge must be a count (2) or a percentage of the size (25%), was 'lots'");
		assertInvalid("cluster.master.restart.max-surge=0%", "restart.maxSurge",
				"max-surge must be a count of at least 1 or a percentage from 1% to 100%, was 0%");
	}

	@Test
	void recycleLimitsBelowTheirMinimaFailNamingTheProperty() {
		assertInvalid("cluster.master.recycle.max-requests=10", "recycle.maxRequests", "must be at least 100");
		assertInvalid("cluster.master.recycle.max-age=5s", "recycle.maxAge", "must be at least 30s");
		assertInvalid("cluster.master.recycle.max-memory=10MB", "recycle.maxMemory", "must be at least 64MB");
	}

	@Test
	void autoscaleBoundsComeTogetherInOrderAndHoldTheSize() {
		assertInvalid("cluster.master.autoscale.min=2", "autoscale.max", "must be set together with autoscale.min");
		assertInvalid("cluster.master.autoscale.max=2", "autoscale.min", "must be set together with autoscale.max");
		assertInvalid(new String[] { "cluster.master.autoscale.min=3", "cluster.master.autoscale.max=2" },
				"autoscale.max", "must be from autoscale.min (3) to 1024");
		assertInvalid(new String[] { "cluster.master.autoscale.min=0", "cluster.master.autoscale.max=2" },
				"autoscale.min", "must be from 1 to 1024");
		assertInvalid(new String[] { "cluster.master.autoscale.min=1", "cluster.master.autoscale.max=2",
				"cluster.master.size=3" }, "cluster.master.size", "must be within the autoscaling bounds, 1 to 2, was 3");
		assertInvalid(new String[] { "cluster.master.autoscale.min=1", "cluster.master.autoscale.max=2",
				"cluster.master.autoscale.busy-threshold=1.5" }, "autoscale.busyThreshold", "above 0 and at most 1");
		assertInvalid(new String[] { "cluster.master.autoscale.min=1", "cluster.master.autoscale.max=2",
				"cluster.master.autoscale.window=0s" }, "autoscale.window", "must be at least 1s");
	}

	@Test
	void aMemoryLimitIsADataSizeAndMustBePositive() {
		this.runner.withPropertyValues("cluster.master.memory.limit=6GB").run((context) -> assertThat(
				context.getBean(ClusterMasterProperties.class).getMemory().getLimit().toBytes())
			.isEqualTo(6L << 30));
		assertInvalid("cluster.master.memory.limit=0", "memory.limit", "must be positive");
	}

	@Test
	void blankWorkerProfileFailsNamingTheProperty() {
		assertInvalid("cluster.master.worker-profile= ", "cluster.master.worker-profile", "must not be blank");
	}

	@Test
	void aPidFileInADirectoryThatDoesNotExistFailsNamingTheProperty() {
		assertInvalid("cluster.master.pid-file=/nonexistent-cluster-master/run/app.pid", "cluster.master.pid-file",
				"its directory /nonexistent-cluster-master/run does not exist");
	}

	@Test
	void aPidFileThatIsADirectoryFailsNamingTheProperty() {
		assertInvalid("cluster.master.pid-file=/tmp", "cluster.master.pid-file", "is a directory");
	}

	@Test
	void aPidFileInAnExistingDirectoryBinds() {
		this.runner.withPropertyValues("cluster.master.pid-file=cluster-master.pid").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ClusterMasterProperties.class).getPidFile()).isEqualTo("cluster-master.pid");
		});
	}

	@Test
	void anEventLogIsCheckedAsAPidFileIs() {
		assertInvalid("cluster.master.event-log=/nonexistent-cluster-master/events.jsonl", "cluster.master.event-log",
				"its directory /nonexistent-cluster-master does not exist");
		assertInvalid("cluster.master.event-log=/tmp", "cluster.master.event-log", "is a directory");
		this.runner.withPropertyValues("cluster.master.event-log=events.jsonl")
			.run((context) -> assertThat(context.getBean(ClusterMasterProperties.class).getEventLog())
				.isEqualTo("events.jsonl"));
	}

	private void assertInvalid(String property, String name, String message) {
		assertInvalid(new String[] { property }, name, message);
	}

	private void assertInvalid(String[] properties, String name, String message) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof BindException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(BindException.class);
			assertThat(failure.getCause()).isInstanceOf(BindValidationException.class);
			assertThat(failure.getCause().getMessage()).contains(name).contains(message);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterMasterProperties.class)
	static class PropertiesConfiguration {

	}

}
