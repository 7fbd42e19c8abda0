package io.github.clustermaster.worker;

import java.util.function.ToIntFunction;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Leaves a worker's warm-up requests out of the application's observations (Micrometer's
 * {@code http.server.requests}, traces): a request that arrived on the warm-up's private
 * port ({@code cluster.master.warmup.*}, {@link WorkerWarmup#isWarmupPort}) is not
 * observed, as it is not counted in the worker's own stats.
 *
 * @author cluster-master
 */
public final class WarmupObservations implements ObservationPredicate {

	private final SingletonSupplier<WorkerWarmup> warmup;

	private final ToIntFunction<Observation.Context> localPort;

	/**
	 * Create the predicate.
	 * @param warmup the worker's warm-up, looked up once when first needed
	 * @param localPort the local port a server request's observation context arrived on,
	 * or -1 for a context that is not a server request's (servlet and WebFlux have each
	 * their own context type)
	 */
	public WarmupObservations(ObjectProvider<WorkerWarmup> warmup, ToIntFunction<Observation.Context> localPort) {
		this.warmup = SingletonSupplier.of(warmup::getIfAvailable);
		this.localPort = localPort;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		WorkerWarmup warmup = this.warmup.get();
		return warmup == null || !warmup.isEnabled() || !warmup.isWarmupPort(this.localPort.applyAsInt(context));
	}

}
