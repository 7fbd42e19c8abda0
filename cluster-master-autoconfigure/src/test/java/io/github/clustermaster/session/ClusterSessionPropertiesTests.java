package io.github.clustermaster.session;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterSessionProperties}.
 */
class ClusterSessionPropertiesTests {

	@Test
	void theConfigurationMetadataDescribesEachPropertyWithTheCodesDefault() throws IOException {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, JsonNode> sessions = new HashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().startsWith("cluster.master.sessions.")) {
				sessions.put(property.get("name").asString(), property);
			}
		}
		assertThat(sessions).containsOnlyKeys("cluster.master.sessions.enabled", "cluster.master.sessions.max-bytes");
		sessions.values().forEach((property) -> assertThat(property.get("description")).isNotNull());
		ClusterSessionProperties defaults = new ClusterSessionProperties();
		assertThat(sessions.get("cluster.master.sessions.enabled").get("defaultValue").asBoolean())
			.isEqualTo(defaults.isEnabled());
		assertThat(sessions.get("cluster.master.sessions.max-bytes").get("defaultValue").asString()).isEqualTo("64MB");
		assertThat(defaults.getMaxBytes().toMegabytes()).isEqualTo(64);
	}

}
