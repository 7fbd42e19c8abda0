package io.github.clustermaster.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.clustermaster.supervisor.RequestOutcomes;
import io.github.clustermaster.supervisor.RequestOutcomes.Counts;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The HTTP requests a worker has served and is serving, counted by a filter at the head
 * of the application's chain (a servlet filter, or a WebFlux {@code WebFilter}): how many,
 * how each ended (by status class, or failed) and how long it took. The heartbeat reads
 * them with {@link #outcomes}, which also moves the latest window on.
 *
 * @author cluster-master
 */
public final class RequestStats {

	/** The window of the outcomes when none is set: {@code cluster.master.restart.canary.window}'s default. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

	/** Checked here, not in {@link LatencyWindow}: linking that class loads HdrHistogram's. */
	private static final boolean HDR_HISTOGRAM = ClassUtils.isPresent("org.HdrHistogram.Recorder",
			RequestStats.class.getClassLoader());

	private final LongAdder served = new LongAdder();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder status2xx = new LongAdder();

	private final LongAdder status3xx = new LongAdder();

	private final LongAdder status4xx = new LongAdder();

	private final LongAdder status5xx = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final @Nullable LatencyWindow latency = HDR_HISTOGRAM ? new LatencyWindow() : null;

	private final OutcomeWindow window = new OutcomeWindow();

	private volatile Duration windowLength = DEFAULT_WINDOW;

	private volatile RequestOutcomes latest = RequestOutcomes.NONE;

	/** A request started. */
	public void started() {
		this.inFlight.incrementAndGet();
	}

	/**
	 * A request that started has ended with a response.
	 * @param status the status it was answered with
	 * @param startNanos its {@link System#nanoTime()} when it started
	 */
	public void ended(int status, long startNanos) {
		LongAdder byClass = (status >= 500) ? this.status5xx
				: (status >= 400) ? this.status4xx : (status >= 300) ? this.status3xx : this.status2xx;
		byClass.increment();
		end(startNanos);
	}

	/**
	 * A request that started has ended without a status of its own: an exception left the
	 * application, the client went away, or it timed out.
	 * @param startNanos its {@link System#nanoTime()} when it started
	 */
	public void failed(long startNanos) {
		this.failed.increment();
		end(startNanos);
	}

	private void end(long startNanos) {
		LatencyWindow latency = this.latency;
		if (latency != null) {
			latency.record(System.nanoTime() - startNanos);
		}
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

	/**
	 * Set how far back the window of {@link #outcomes} reaches.
	 * @param window the window
	 */
	public void window(Duration window) {
		this.windowLength = window;
	}

	/**
	 * How the requests ended, since the start and over the latest window, which this call
	 * moves on (the heartbeat calls it once a second).
	 * @param nowNanos the {@link System#nanoTime()} now
	 * @return the outcomes
	 */
	public synchronized RequestOutcomes outcomes(long nowNanos) {
		Counts total = total();
		long windowNanos = this.windowLength.toNanos();
		Counts window = this.window.roll(total, nowNanos, windowNanos);
		LatencyWindow latency = this.latency;
		double[] percentiles = (latency != null) ? latency.roll(nowNanos, windowNanos) : null;
		RequestOutcomes outcomes = new RequestOutcomes(total, window,
				this.window.covered(nowNanos, windowNanos) / 1_000_000, (percentiles != null) ? percentiles[0] : null,
				(percentiles != null) ? percentiles[1] : null);
		this.latest = outcomes;
		return outcomes;
	}

	/**
	 * The requests that ended since the worker started, by outcome.
	 * @return the counts
	 */
	public Counts total() {
		return new Counts(this.status2xx.sum(), this.status3xx.sum(), this.status4xx.sum(), this.status5xx.sum(),
				this.failed.sum());
	}

	/**
	 * The outcomes the last heartbeat carried.
	 * @return the outcomes, {@link RequestOutcomes#NONE} before the first
	 */
	public RequestOutcomes latest() {
		return this.latest;
	}

}
