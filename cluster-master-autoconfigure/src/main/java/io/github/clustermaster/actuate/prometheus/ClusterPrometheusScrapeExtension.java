package io.github.clustermaster.actuate.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * {@code /actuator/prometheus} for the whole pool: the answering worker's scrape with the
 * other workers' latest, which the master forwarded to it as they came (at most
 * {@link WorkerMetricsPublisher#INTERVAL} old), each labelled by {@code worker} and
 * {@code generation}. Nothing is asked of another worker while a scrape waits, so a hung
 * worker cannot hang the scrape. Always the text format 0.0.4, whatever format the
 * scraper preferred: the others' scrapes come in it.
 *
 * @author cluster-master
 */
@EndpointWebExtension(endpoint = PrometheusScrapeEndpoint.class)
public class ClusterPrometheusScrapeExtension {

	private final PrometheusScrapeEndpoint endpoint;

	private final WorkerSession session;

	/**
	 * Create the extension.
	 * @param endpoint Boot's endpoint, for this worker's own scrape
	 * @param session the worker's session, which holds the others' meters
	 */
	public ClusterPrometheusScrapeExtension(PrometheusScrapeEndpoint endpoint, WorkerSession session) {
		this.endpoint = endpoint;
		this.session = session;
	}

	/**
	 * Scrape the pool.
	 * @param format the format the scraper asked for (the answer is always text 0.0.4)
	 * @param includedNames the only metric names to include, or {@code null} for all
	 * @return the merged scrape
	 */
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		byte[] own = this.endpoint.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, includedNames).getBody();
		String merged = PrometheusText.merge(new String(own, StandardCharsets.UTF_8), this.session.peerMetrics()
			.values()
			.stream()
			.map((text) -> (includedNames != null) ? PrometheusText.only(text, includedNames) : text)
			.toList());
		return new WebEndpointResponse<>(merged.getBytes(StandardCharsets.UTF_8),
				PrometheusOutputFormat.CONTENT_TYPE_004);
	}

}
