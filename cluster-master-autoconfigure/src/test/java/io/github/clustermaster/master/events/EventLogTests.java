package io.github.clustermaster.master.events;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.supervisor.SupervisorEvent;
import io.github.clustermaster.supervisor.SupervisorEvent.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventLog}: a real file, read back as JSON, with the supervisor's events
 * and the master's own.
 *
 * @author cluster-master
 */
class EventLogTests {

	private static final JsonMapper mapper = WireJson.mapper();

	@TempDir
	Path directory;

	@Test
	void eachEventIsOneLineOfJsonWithItsTimeTheMasterItsNameAndItsFields() throws Exception {
		String line;
		try (EventLog log = new EventLog(this.directory.resolve("events.jsonl"), 42, mapper)) {
			SupervisorEvent ready = new SupervisorEvent.WorkerReady(new Worker(2, 1234, false), 1,
					Duration.ofMillis(1500));
			line = log.line(Instant.parse("2026-12-08T01:02:03Z"), ready.event(), ready.fields());
		}
		assertThat(line).isEqualTo("{\"time\":\"2026-12-08T01:02:03Z\",\"master\":42,\"event\":\"worker-ready\","
				+ "\"worker\":2,\"pid\":1234,\"spare\":false,\"generation\":1,\"afterMs\":1500}");
	}

	@Test
	void eventsAreAppendedInOrderAndWrittenByClose() throws Exception {
		Path file = this.directory.resolve("events.jsonl");
		Files.writeString(file, "{\"event\":\"before\"}\n");
		try (EventLog log = new EventLog(file, 42, mapper)) {
			log.accept(new SupervisorEvent.PoolResized(1, 2));
			log.accept(new SupervisorEvent.RolloutStarted(2, 2, 1, List.of("A"), null, false, 0));
			log.accept(new MasterEvent.UpgradeFailed(4321, "exited with code 1", null));
		}
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(4);
		assertThat(lines.stream().map(this::event)).containsExactly("before", "pool-resized", "rollout-started",
				"upgrade-failed");
		JsonNode started = mapper.readTree(lines.get(2));
		assertThat(started.get("env").isArray()).isTrue();
		assertThat(started.get("env").get(0).asString()).isEqualTo("A");
		assertThat(started.has("release")).isFalse();
		assertThat(lines.get(3)).endsWith(
				"\"master\":42,\"event\":\"upgrade-failed\",\"pid\":4321,\"reason\":\"exited with code 1\"}");
	}

	private String event(String line) {
		return mapper.readTree(line).get("event").asString();
	}

}
