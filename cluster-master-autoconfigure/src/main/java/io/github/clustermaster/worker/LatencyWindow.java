package io.github.clustermaster.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The latency of a worker's requests over a sliding window, from HDR histograms
 * (HdrHistogram, which Micrometer brings): writers record into a {@link Recorder} without
 * locks; each reading takes the interval since the last one as a slot and keeps the
 * window's sum, from which the percentiles are read. Values are microseconds, from 1 µs to
 * an hour, to two significant digits.
 *
 * @author cluster-master
 */
final class LatencyWindow {

	private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

	private static final int DIGITS = 2;

	private final Recorder recorder = new Recorder(HIGHEST_MICROS, DIGITS);

	private final Histogram sum = new Histogram(HIGHEST_MICROS, DIGITS);

	private final Deque<Slot> slots = new ArrayDeque<>();

	private @Nullable Histogram spare;

	/**
	 * Create a window. HdrHistogram must be on the class path: linking
	 * this class loads its classes.
	 */
	LatencyWindow() {
	}

	/**
	 * Record one request's time.
	 * @param nanos the time it took
	 */
	void record(long nanos) {
		this.recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
	}

	/**
	 * Take a reading: the interval since the last one becomes the newest slot; the slots
	 * that ended the window ago or earlier go.
	 * @param nowNanos the time now
	 * @param windowNanos how far back the window reaches
	 * @return the median and the 99th percentile in milliseconds, or {@code null} while
	 * the window holds no request
	 */
	double @Nullable [] roll(long nowNanos, long windowNanos) {
		Histogram interval = this.recorder.getIntervalHistogram(this.spare);
		this.spare = null;
		this.sum.add(interval);
		this.slots.addLast(new Slot(nowNanos, interval));
		while (!this.slots.isEmpty() && nowNanos - this.slots.peekFirst().endNanos() >= windowNanos) {
			Histogram old = this.slots.removeFirst().histogram();
			this.sum.subtract(old);
			old.reset();
			this.spare = old;
		}
		if (this.sum.getTotalCount() == 0) {
			return null;
		}
		return new double[] { millis(this.sum.getValueAtPercentile(50)), millis(this.sum.getValueAtPercentile(99)) };
	}

	private static double millis(long micros) {
		return Math.round(micros / 10.0) / 100.0;
	}

	private record Slot(long endNanos, Histogram histogram) {
	}

}
