package io.github.clustermaster.sample.support;

import java.time.Duration;
import java.util.function.Predicate;

import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster as {@code GET /actuator/cluster} on the shared port answers it, whichever
 * worker takes the request.
 *
 * @author cluster-master
 */
public final class ClusterView {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ClusterView() {
	}

	/**
	 * The cluster now.
	 * @param port the shared port
	 * @return the answer, which must be a 200
	 */
	public static JsonNode get(int port) {
		HttpResult result = Http.get(port, "/actuator/cluster");
		assertThat(result.status()).as(result.describe()).isEqualTo(200);
		return json.readTree(result.body());
	}

	/**
	 * Wait until the cluster meets a condition, asking four times a second.
	 * @param port the shared port
	 * @param timeout how long to wait
	 * @param condition the condition
	 * @return the first answer that met it
	 */
	public static JsonNode await(int port, Duration timeout, Predicate<JsonNode> condition) {
		JsonNode[] last = new JsonNode[1];
		Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			HttpResult result = Http.get(port, "/actuator/cluster");
			if (result.status() != 200) {
				return false;
			}
			last[0] = json.readTree(result.body());
			return condition.test(last[0]);
		});
		return last[0];
	}

}
