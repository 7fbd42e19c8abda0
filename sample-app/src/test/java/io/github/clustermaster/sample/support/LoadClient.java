package io.github.clustermaster.sample.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded background load: {@code threads} sequential clients sending {@code GET} to
 * 127.0.0.1, each request on a new connection, until {@link #stop()} or until
 * {@code maxRequests} have been sent or {@code maxDuration} has passed, whichever comes
 * first.
 * <pre class="code">
 * try (LoadClient load = LoadClient.builder(port).threads(2).maxRequests(5_000).start()) {
 *     cluster.signal("HUP");
 *     LoadSummary summary = load.stop();
 *     assertThat(summary.failures()).isEmpty();
 * }
 * </pre>
 *
 * @author cluster-master
 */
public final class LoadClient implements AutoCloseable {

	private static final int MAX_FAILURES_KEPT = 20;

	private static final Duration JOIN_TIMEOUT = Http.CONNECT_TIMEOUT.plus(Http.READ_TIMEOUT).plusSeconds(3);

	private final int port;

	private final String path;

	private final long maxRequests;

	private final Duration pause;

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong endNanos = new AtomicLong();

	private final List<String> failures = new ArrayList<>();

	private final Map<Long, AtomicLong> pidCounts = new ConcurrentHashMap<>();

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	private final CountDownLatch done;

	private final List<Thread> threads = new ArrayList<>();

	private LoadClient(Builder builder) {
		this.port = builder.port;
		this.path = builder.path;
		this.maxRequests = builder.maxRequests;
		this.pause = builder.pause;
		this.deadlineNanos = this.startNanos + builder.maxDuration.toNanos();
		this.done = new CountDownLatch(builder.threads);
		for (int i = 0; i < builder.threads; i++) {
			Thread thread = new Thread(this::run, "load-client-" + this.port + "-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
	}

	private LoadClient begin() {
		this.threads.forEach(Thread::start);
		return this;
	}

	/**
	 * Start describing a load on a port.
	 * @param port the port on 127.0.0.1
	 * @return a builder
	 */
	public static Builder builder(int port) {
		return new Builder(port);
	}

	private void run() {
		try {
			while (this.stopRequested.getCount() > 0 && System.nanoTime() < this.deadlineNanos) {
				long number = this.sent.incrementAndGet();
				if (number > this.maxRequests) {
					this.sent.decrementAndGet();
					return;
				}
				record(number, Http.get(this.port, this.path));
				if (!this.pause.isZero() && this.stopRequested.await(this.pause.toNanos(), TimeUnit.NANOSECONDS)) {
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.endNanos.accumulateAndGet(System.nanoTime(), Math::max);
			this.done.countDown();
		}
	}

	private void record(long number, HttpResult result) {
		if (result.isOk()) {
			this.ok.incrementAndGet();
			Http.leadingPid(result.body())
				.ifPresent((pid) -> this.pidCounts.computeIfAbsent(pid, (key) -> new AtomicLong()).incrementAndGet());
			return;
		}
		this.failed.incrementAndGet();
		synchronized (this.failures) {
			if (this.failures.size() < MAX_FAILURES_KEPT) {
				Duration at = Duration.ofNanos(System.nanoTime() - this.startNanos);
				this.failures.add("#" + number + " at +" + at.toMillis() + " ms: " + result.describe());
			}
		}
	}

	/**
	 * Whether requests are still being sent.
	 * @return whether any client thread is running
	 */
	public boolean isRunning() {
		return this.done.getCount() > 0;
	}

	/**
	 * Return what has been seen so far, without stopping.
	 * @return the summary so far
	 */
	public LoadSummary snapshot() {
		long end = isRunning() ? System.nanoTime() : this.endNanos.get();
		Map<Long, Long> counts = new TreeMap<>();
		this.pidCounts.forEach((pid, count) -> counts.put(pid, count.get()));
		List<String> failuresSoFar;
		synchronized (this.failures) {
			failuresSoFar = List.copyOf(this.failures);
		}
		return new LoadSummary(this.sent.get(), this.ok.get(), this.failed.get(), failuresSoFar,
				Map.copyOf(counts), Duration.ofNanos(end - this.startNanos));
	}

	/**
	 * Wait until the load stops by itself, at its request or time limit.
	 * @param timeout how long to wait
	 * @return the summary
	 * @throws AssertionError if it is still running after the timeout
	 */
	public LoadSummary awaitDone(Duration timeout) {
		try {
			if (!this.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new AssertionError("Load on port " + this.port + " still running after " + timeout + ": " + snapshot());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the load to finish", ex);
		}
		return snapshot();
	}

	/**
	 * Stop sending, let requests in flight finish (each is bounded by the request
	 * timeouts) and return what was seen.
	 * @return the summary
	 */
	public LoadSummary stop() {
		this.stopRequested.countDown();
		try {
			if (!this.done.await(JOIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
				throw new IllegalStateException("Load client threads on port " + this.port + " did not stop within "
						+ JOIN_TIMEOUT + ": " + snapshot());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return snapshot();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Describes a load: where to send it and its limits.
	 */
	public static final class Builder {

		private final int port;

		private String path = "/";

		private int threads = 1;

		private long maxRequests = 10_000;

		private Duration maxDuration = Duration.ofSeconds(60);

		private Duration pause = Duration.ZERO;

		private Builder(int port) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("Expected a TCP port but got " + port);
			}
			this.port = port;
		}

		/**
		 * Set the path to request.
		 * @param path the path, {@code /} by default
		 * @return this builder
		 */
		public Builder path(String path) {
			if (!path.startsWith("/")) {
				throw new IllegalArgumentException("Expected a path starting with '/' but got '" + path + "'");
			}
			this.path = path;
			return this;
		}

		/**
		 * Set how many clients send requests concurrently, each one at a time.
		 * @param threads between 1 and 64, 1 by default
		 * @return this builder
		 */
		public Builder threads(int threads) {
			if (threads < 1 || threads > 64) {
				throw new IllegalArgumentException("Expected 1 to 64 threads but got " + threads);
			}
			this.threads = threads;
			return this;
		}

		/**
		 * Set how many requests to send at most, over all threads.
		 * @param maxRequests between 1 and 1,000,000, 10,000 by default
		 * @return this builder
		 */
		public Builder maxRequests(long maxRequests) {
			if (maxRequests < 1 || maxRequests > 1_000_000) {
				throw new IllegalArgumentException("Expected 1 to 1000000 requests but got " + maxRequests);
			}
			this.maxRequests = maxRequests;
			return this;
		}

		/**
		 * Set how long to send requests at most.
		 * @param maxDuration more than zero and at most 10 minutes, 60 seconds by default
		 * @return this builder
		 */
		public Builder maxDuration(Duration maxDuration) {
			if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(Duration.ofMinutes(10)) > 0) {
				throw new IllegalArgumentException("Expected a duration above zero and up to 10 minutes but got " + maxDuration);
			}
			this.maxDuration = maxDuration;
			return this;
		}

		/**
		 * Set a pause after each request of each thread, to limit the rate.
		 * @param pause the pause, none by default
		 * @return this builder
		 */
		public Builder pause(Duration pause) {
			if (pause.isNegative()) {
				throw new IllegalArgumentException("Expected a pause of zero or more but got " + pause);
			}
			this.pause = pause;
			return this;
		}

		/**
		 * Start sending.
		 * @return the running load; stop or close it
		 */
		public LoadClient start() {
			return new LoadClient(this).begin();
		}

	}

}
