package io.github.clustermaster.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterMetrics}.
 */
class ClusterMetricsTests {

	private final FakeClusterClient client = new FakeClusterClient();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void theMetersReadTheMastersStatus() {
		new ClusterMetrics(this.client).bindTo(this.registry);
		assertThat(this.registry.get("cluster.master.workers").tag("state", "ready").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("cluster.master.workers").tag("state", "starting").gauge().value()).isZero();
		assertThat(this.registry.get("cluster.master.size").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("cluster.master.accept.queue").gauge().value()).isEqualTo(3);
		assertThat(this.registry.get("cluster.master.restarts").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("cluster.master.respawns").functionCounter().count()).isEqualTo(2);
		assertThat(this.registry.get("cluster.master.crashes").functionCounter().count()).isEqualTo(3);
		assertThat(this.registry.get("cluster.master.spawn").functionTimer().count()).isEqualTo(4);
		assertThat(this.registry.get("cluster.master.spawn").functionTimer().totalTime(TimeUnit.SECONDS)).isEqualTo(4);
		assertThat(this.registry.get("cluster.master.spawn").functionTimer().mean(TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(this.registry.get("cluster.master.spawn.last").timeGauge().value(TimeUnit.SECONDS)).isEqualTo(1.5);
	}

	@Test
	void aScrapeOfEveryMeterReadsTheWorkersCopyAndSendsTheMasterNothing() {
		new ClusterMetrics(this.client).bindTo(this.registry);
		this.registry.getMeters().forEach((meter) -> meter.measure().forEach((measurement) -> measurement.getValue()));
		assertThat(this.client.commands).isEmpty();
		assertThat(this.client.statusReads).isPositive();
	}

	@Test
	void theMetersAreNanWhileTheMasterDoesNotAnswer() {
		this.client.unavailable = true;
		new ClusterMetrics(this.client).bindTo(this.registry);
		assertThat(this.registry.get("cluster.master.size").gauge().value()).isNaN();
	}

}
