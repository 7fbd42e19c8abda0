package io.github.clustermaster.actuate.prometheus;

import io.github.clustermaster.ipc.IpcEnvironment;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;
import io.github.clustermaster.worker.WorkerSession;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;

/**
 * One Prometheus scrape for the whole pool, in a worker with Micrometer's Prometheus
 * registry: its meters are labelled with {@code worker} and {@code generation} (the
 * pool's {@code cluster.master.*} meters excepted: they are the same in every worker), sent
 * to the master every few seconds and forwarded to the other workers, and
 * {@code /actuator/prometheus} answers with every worker's, its requests by outcome and
 * latency ({@link WorkerRequestMetrics}) among them.
 *
 * @author cluster-master
 */
@AutoConfiguration(after = PrometheusMetricsExportAutoConfiguration.class)
@ConditionalOnClass({ PrometheusMeterRegistry.class, PrometheusScrapeEndpoint.class })
@ConditionalOnClusterRole(ClusterRole.WORKER)
@ConditionalOnBean({ PrometheusMeterRegistry.class, WorkerSession.class })
public final class ClusterPrometheusAutoConfiguration {

	@Bean
	static MeterRegistryCustomizer<PrometheusMeterRegistry> clusterMasterWorkerLabels(WorkerSession session) {
		String generation = System.getenv().getOrDefault(IpcEnvironment.GENERATION, "0");
		Tags tags = Tags.of("worker", Integer.toString(session.id()), "generation", generation);
		return (registry) -> registry.config().meterFilter(new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				return id.getName().startsWith("cluster.master.") ? id : id.withTags(tags);
			}

		});
	}

	@Bean
	WorkerMetricsPublisher clusterMasterWorkerMetricsPublisher(PrometheusMeterRegistry registry,
			WorkerSession session) {
		return new WorkerMetricsPublisher(registry, session);
	}

	@Bean
	WorkerRequestMetrics clusterMasterWorkerRequestMetrics(WorkerSession session) {
		return new WorkerRequestMetrics(session.requests());
	}

	@Bean
	@ConditionalOnBean(PrometheusScrapeEndpoint.class)
	ClusterPrometheusScrapeExtension clusterMasterPrometheusScrapeExtension(PrometheusScrapeEndpoint endpoint,
			WorkerSession session) {
		return new ClusterPrometheusScrapeExtension(endpoint, session);
	}

}
