package io.github.clustermaster.actuate.prometheus;

import io.github.clustermaster.worker.RequestStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerRequestMetrics}.
 *
 * @author cluster-master
 */
class WorkerRequestMetricsTests {

	@Test
	void theScrapeHasTheRequestsByOutcomeAndTheWindowsLatency() {
		RequestStats stats = new RequestStats();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new WorkerRequestMetrics(stats).bindTo(registry);
		assertThat(registry.scrape()).contains("cluster_worker_latency_milliseconds{quantile=\"0.99\"} NaN");
		stats.started();
		stats.ended(200, System.nanoTime());
		stats.started();
		stats.ended(503, System.nanoTime());
		stats.started();
		stats.failed(System.nanoTime());
		stats.outcomes(System.nanoTime());
		assertThat(registry.scrape()).contains("cluster_worker_requests_total{outcome=\"2xx\"} 1.0",
				"cluster_worker_requests_total{outcome=\"5xx\"} 1.0",
				"cluster_worker_requests_total{outcome=\"failed\"} 1.0",
				"cluster_worker_requests_total{outcome=\"4xx\"} 0.0")
			.containsPattern("cluster_worker_latency_milliseconds\\{quantile=\"0.5\"} \\d+\\.\\d+");
	}

}
