package io.github.clustermaster.actuate;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.clustermaster.control.ClusterDescriptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The cluster's meters in a worker, read from the latest status the master pushed:
 * {@code cluster.master.workers} by {@code state}, {@code cluster.master.size},
 * {@code cluster.master.accept.queue} (connections waiting for a free worker),
 * the counters {@code cluster.master.restarts} (rolling restarts completed),
 * {@code cluster.master.respawns} and {@code cluster.master.crashes}, and the timer
 * {@code cluster.master.spawn} (from spawn to ready: its count and total time, so a mean
 * per worker) with the gauge {@code cluster.master.spawn.last} (the worker that became
 * ready last). Every worker reports the same cluster-wide values; a gauge or counter is
 * NaN (the timer's count 0) while the master does not answer (its latest status is older
 * than {@link ClusterClient#MAX_STATUS_AGE}).
 *
 * @author cluster-master
 */
public class ClusterMetrics implements MeterBinder {

	private static final List<String> STATES = List.of("STARTING", "READY", "SPARE", "STOPPING");

	private final ClusterClient client;

	/**
	 * Create the meters' source.
	 * @param client reads the master's latest status
	 */
	public ClusterMetrics(ClusterClient client) {
		this.client = client;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String state : STATES) {
			Gauge.builder("cluster.master.workers", this, read((cluster) -> cluster.count(state)))
				.tag("state", state.toLowerCase(Locale.ROOT))
				.description("Workers of the cluster in this state")
				.register(registry);
		}
		Gauge.builder("cluster.master.size", this, read(ClusterDescriptor::size))
			.description("The wanted number of workers")
			.register(registry);
		Gauge.builder("cluster.master.accept.queue", this,
				read((cluster) -> (cluster.acceptQueue() >= 0) ? cluster.acceptQueue() : Double.NaN))
			.description("Connections waiting in the shared socket's accept queue for a free worker")
			.register(registry);
		FunctionCounter.builder("cluster.master.restarts", this, read((cluster) -> cluster.counters().rollingRestarts()))
			.description("Rolling restarts completed")
			.register(registry);
		FunctionCounter.builder("cluster.master.respawns", this, read((cluster) -> cluster.counters().respawns()))
			.description("Workers started to replace one that exited unexpectedly")
			.register(registry);
		FunctionCounter.builder("cluster.master.crashes", this, read((cluster) -> cluster.counters().crashes()))
			.description("Workers that exited unexpectedly or were killed as faulty")
			.register(registry);
		FunctionCounter.builder("cluster.master.recycles", this, read((cluster) -> cluster.counters().recycles()))
			.description("Workers replaced by a fresh one for reaching a limit of cluster.master.recycle.*")
			.register(registry);
		FunctionTimer
			.builder("cluster.master.spawn", this, (metrics) -> (long) value(metrics, (c) -> c.counters().readied()),
					(metrics) -> value(metrics, (c) -> c.counters().spawnToReadyMillisTotal()), TimeUnit.MILLISECONDS)
			.description("Time from the start of a worker's JVM until its application is ready")
			.register(registry);
		TimeGauge
			.builder("cluster.master.spawn.last", this, TimeUnit.MILLISECONDS,
					read((cluster) -> cluster.counters().spawnToReadyMillisLast()))
			.description("Time from spawn to ready of the worker that became ready last")
			.register(registry);
	}

	private static ToDoubleFunction<ClusterMetrics> read(ToDoubleFunction<ClusterDescriptor> value) {
		return (metrics) -> value(metrics, value);
	}

	private static double value(ClusterMetrics metrics, ToDoubleFunction<ClusterDescriptor> value) {
		try {
			return value.applyAsDouble(metrics.client.status());
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
