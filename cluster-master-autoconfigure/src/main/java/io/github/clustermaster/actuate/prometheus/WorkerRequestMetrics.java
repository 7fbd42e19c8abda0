package io.github.clustermaster.actuate.prometheus;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.github.clustermaster.supervisor.RequestOutcomes;
import io.github.clustermaster.supervisor.RequestOutcomes.Counts;
import io.github.clustermaster.worker.RequestStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * This worker's requests as its heartbeat reports them, for the pool's scrape (labelled
 * with the worker like its other meters): the counter {@code cluster.worker.requests} by
 * {@code outcome} ({@code 2xx}, {@code 3xx}, {@code 4xx}, {@code 5xx}, {@code failed}) and
 * the gauge {@code cluster.worker.latency} (milliseconds) by {@code quantile}
 * ({@code 0.5}, {@code 0.99}) over the worker's latest window, NaN while it holds no
 * request.
 *
 * @author cluster-master
 */
public class WorkerRequestMetrics implements MeterBinder {

	private final RequestStats stats;

	/**
	 * Create the meters' source.
	 * @param stats this worker's request counters
	 */
	public WorkerRequestMetrics(RequestStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "2xx", Counts::status2xx);
		counter(registry, "3xx", Counts::status3xx);
		counter(registry, "4xx", Counts::status4xx);
		counter(registry, "5xx", Counts::status5xx);
		counter(registry, "failed", Counts::failed);
		gauge(registry, "0.5", RequestOutcomes::p50Millis);
		gauge(registry, "0.99", RequestOutcomes::p99Millis);
	}

	private void counter(MeterRegistry registry, String outcome, ToLongFunction<Counts> count) {
		FunctionCounter.builder("cluster.worker.requests", this.stats, (stats) -> count.applyAsLong(stats.total()))
			.tag("outcome", outcome)
			.description("HTTP requests this worker served, by outcome: the status class, or failed without one")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String quantile, Quantile value) {
		ToDoubleFunction<RequestStats> read = (stats) -> {
			Double millis = value.of(stats.latest());
			return (millis != null) ? millis : Double.NaN;
		};
		Gauge.builder("cluster.worker.latency", this.stats, read)
			.tag("quantile", quantile)
			.baseUnit("milliseconds")
			.description("This worker's request latency over its latest window (cluster.master.restart.canary.window)")
			.register(registry);
	}

	@FunctionalInterface
	private interface Quantile {

		@org.jspecify.annotations.Nullable Double of(RequestOutcomes outcomes);

	}

}
