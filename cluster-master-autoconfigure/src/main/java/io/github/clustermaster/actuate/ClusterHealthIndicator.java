package io.github.clustermaster.actuate;

import io.github.clustermaster.control.ClusterDescriptor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cluster} health contributor of a worker: {@code UP} when the master has
 * {@code size} ready workers; {@code OUT_OF_SERVICE} while fewer are ready, in danger
 * (workers died young) or quitting; {@code DOWN} when the master gave up respawning and
 * fewer than {@code size} are ready, or does not answer (its latest status pushed to this
 * worker is older than {@link ClusterClient#MAX_STATUS_AGE}). Details tell the numbers.
 * No check waits for the master.
 *
 * @author cluster-master
 */
public class ClusterHealthIndicator implements HealthIndicator {

	private final ClusterClient client;

	/**
	 * Create the indicator.
	 * @param client reads the master's latest status
	 */
	public ClusterHealthIndicator(ClusterClient client) {
		this.client = client;
	}

	@Override
	public Health health() {
		ClusterDescriptor cluster;
		try {
			cluster = this.client.status();
		}
		catch (RuntimeException ex) {
			return Health.down().withDetail("error", String.valueOf(ex.getMessage())).build();
		}
		boolean degraded = cluster.ready() < cluster.size();
		Status status = (degraded && cluster.failed()) ? Status.DOWN
				: (degraded || cluster.danger() || cluster.quitting()) ? Status.OUT_OF_SERVICE : Status.UP;
		return Health.status(status)
			.withDetail("size", cluster.size())
			.withDetail("ready", cluster.ready())
			.withDetail("generation", cluster.generation())
			.withDetail("restarting", cluster.restarting())
			.withDetail("danger", cluster.danger())
			.withDetail("failed", cluster.failed())
			.withDetail("quitting", cluster.quitting())
			.withDetail("masterPid", cluster.masterPid())
			.build();
	}

}
