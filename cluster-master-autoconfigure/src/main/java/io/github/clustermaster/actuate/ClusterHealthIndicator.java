package io.github.clustermaster.actuate;

import io.github.clustermaster.control.ClusterDescriptor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cluster} health contributor of a worker. A worker that answers is serving, so the
 * pool's degradation must not take it out of a load balancer or get it restarted: {@code UP}
 * when the master has {@code size} ready workers; {@link #DEGRADED} (which Boot maps to 200
 * and leaves out of the aggregate status, unless configured otherwise) while at least one
 * worker is ready but fewer than {@code size}, or workers die young, or the master gave up
 * respawning; {@code OUT_OF_SERVICE} while no worker is ready or the master is quitting;
 * {@code DOWN} when the master does not answer (its latest status pushed to this worker is
 * older than {@link ClusterClient#MAX_STATUS_AGE}). Details tell the numbers. No check waits
 * for the master.
 *
 * @author cluster-master
 */
public class ClusterHealthIndicator implements HealthIndicator {

	/**
	 * Fewer than {@code size} workers ready, or a crash loop: the pool serves, with less.
	 * Boot maps a status it does not know to 200 and leaves it out of the aggregate; make it
	 * stricter with {@code management.endpoint.health.status.order} and
	 * {@code management.endpoint.health.status.http-mapping.degraded}.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

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
		Status status;
		if (cluster.quitting() || (cluster.ready() == 0 && cluster.size() > 0)) {
			status = Status.OUT_OF_SERVICE;
		}
		else if (cluster.ready() < cluster.size() || cluster.danger() || cluster.failed()) {
			status = DEGRADED;
		}
		else {
			status = Status.UP;
		}
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
