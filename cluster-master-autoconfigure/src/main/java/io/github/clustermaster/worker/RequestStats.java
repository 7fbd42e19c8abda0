package io.github.clustermaster.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP requests a worker has served and is serving, counted by a filter at the head
 * of the application's chain (a servlet filter, or a WebFlux {@code WebFilter}).
 *
 * @author cluster-master
 */
public final class RequestStats {

	private final LongAdder served = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	/** A request started. */
	public void started() {
		this.inFlight.incrementAndGet();
	}

	/** A request that started has ended, answered or not. */
	public void ended() {
		this.inFlight.decrementAndGet();
		this.served.increment();
	}

	/**
	 * The requests that ended since the worker started.
	 * @return the count
	 */
	public long served() {
		return this.served.sum();
	}

	/**
	 * The requests being served now.
	 * @return the count
	 */
	public int inFlight() {
		return Math.max(0, this.inFlight.get());
	}

}
