package io.github.clustermaster.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterHealthIndicator}.
 */
class ClusterHealthIndicatorTests {

	private final FakeClusterClient client = new FakeClusterClient();

	private final ClusterHealthIndicator indicator = new ClusterHealthIndicator(this.client);

	@Test
	void upWhenSizeWorkersAreReady() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("size", 2).containsEntry("ready", 2).containsEntry("masterPid", 42L);
	}

	@Test
	void degradedButServingWhileFewerAreReady() {
		this.client.cluster = FakeClusterClient.cluster(3, 2, false, false);
		assertThat(this.indicator.health().getStatus()).isEqualTo(ClusterHealthIndicator.DEGRADED);
	}

	@Test
	void degradedInDanger() {
		this.client.cluster = FakeClusterClient.cluster(2, 2, true, false);
		assertThat(this.indicator.health().getStatus()).isEqualTo(ClusterHealthIndicator.DEGRADED);
	}

	@Test
	void degradedWhenTheMasterGaveUpButAWorkerIsReady() {
		this.client.cluster = FakeClusterClient.cluster(2, 1, true, true);
		assertThat(this.indicator.health().getStatus()).isEqualTo(ClusterHealthIndicator.DEGRADED);
	}

	@Test
	void outOfServiceWhileNoWorkerIsReady() {
		this.client.cluster = FakeClusterClient.cluster(2, 0, false, false);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void degradedIsLeftOutOfTheAggregateAndAnswers200ByDefault() {
		StatusAggregator aggregator = StatusAggregator.getDefault();
		assertThat(aggregator.getAggregateStatus(Status.UP, ClusterHealthIndicator.DEGRADED)).isEqualTo(Status.UP);
		assertThat(HttpCodeStatusMapper.DEFAULT.getStatusCode(ClusterHealthIndicator.DEGRADED)).isEqualTo(200);
	}

	@Test
	void downWhenTheMasterDoesNotAnswer() {
		this.client.unavailable = true;
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("has not answered worker 1");
	}

}
