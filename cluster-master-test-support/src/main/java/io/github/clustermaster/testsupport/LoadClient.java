package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Bounded loopback load on a port, each client sending one {@code GET} at a time over raw
 * {@link HttpConnection}s, until {@link #stop()} or until {@code maxRequests} have been
 * sent or {@code maxDuration} has passed, whichever comes first. Three kinds of client:
 * <em>fresh</em> ones open a new connection per request; <em>keep-alive</em> ones reuse
 * their connection and, as real HTTP clients do, send a request again on a new connection
 * when a reused idle connection turns out closed before any byte of the response (a
 * retry, not a failure); <em>slow</em> ones request a slow path on new connections and
 * keep every answer with its timing. Anything but a 2xx whose body names a worker pid is
 * a failure, counted by {@link LoadSummary.Failure kind}. A {@link Builder#onRequest listener}
 * sees every request with its timing, for figures the summary does not keep (latencies,
 * who answered when).
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

	private static final Duration JOIN_TIMEOUT = HttpConnection.CONNECT_TIMEOUT.plus(HttpConnection.READ_TIMEOUT)
		.plusSeconds(3);

	private final int port;

	private final String path;

	private final @Nullable String slowPath;

	private final long maxRequests;

	private final Duration pause;

	private final long startNanos = System.nanoTime();

	private final long deadlineNanos;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private final Map<LoadSummary.Failure, AtomicLong> failuresByKind = new ConcurrentHashMap<>();

	private final AtomicLong endNanos = new AtomicLong();

	private final List<String> failures = new ArrayList<>();

	private final Map<Long, AtomicLong> pidCounts = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<LoadSummary.SlowAnswer> slowAnswers = new ConcurrentLinkedQueue<>();

	private final @Nullable Consumer<Request> listener;

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	private final CountDownLatch done;

	private final List<Thread> threads = new ArrayList<>();

	private LoadClient(Builder builder) {
		this.port = builder.port;
		this.path = builder.path;
		this.slowPath = builder.slowPath;
		this.maxRequests = builder.maxRequests;
		this.pause = builder.pause;
		this.listener = builder.listener;
		this.deadlineNanos = this.startNanos + builder.maxDuration.toNanos();
		this.done = new CountDownLatch(builder.threads + builder.keepAlive + builder.slow);
		for (int i = 0; i < builder.threads; i++) {
			thread("fresh-" + i, () -> fresh(this.path, ""));
		}
		for (int i = 0; i < builder.keepAlive; i++) {
			thread("keep-alive-" + i, this::keepAlive);
		}
		for (int i = 0; i < builder.slow; i++) {
			thread("slow-" + i, () -> fresh(builder.slowPath, "slow: "));
		}
	}

	private void thread(String name, Runnable client) {
		Thread thread = new Thread(() -> {
			try {
				client.run();
			}
			finally {
				this.endNanos.accumulateAndGet(System.nanoTime(), Math::max);
				this.done.countDown();
			}
		}, "load-client-" + this.port + "-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
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

	/**
	 * Start describing the load the rolling-restart tests keep up while the pool changes:
	 * one client, a new connection per request, 10 ms between them, at most 50,000 requests
	 * or 180 s.
	 * @param port the port on 127.0.0.1
	 * @return a builder, whose bounds a test may still change
	 */
	public static Builder sequential(int port) {
		return builder(port).threads(1)
			.pause(Duration.ofMillis(10))
			.maxRequests(50_000)
			.maxDuration(Duration.ofSeconds(180));
	}

	/** Claim the next request, or answer 0 when the load is over. */
	private long next() {
		if (this.stopRequested.getCount() == 0 || System.nanoTime() - this.deadlineNanos > 0) {
			return 0;
		}
		long number = this.sent.incrementAndGet();
		if (number > this.maxRequests) {
			this.sent.decrementAndGet();
			return 0;
		}
		return number;
	}

	/** Pause after a request; answer whether to go on. */
	private boolean pause() {
		try {
			return this.pause.isZero() || !this.stopRequested.await(this.pause.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void fresh(String path, String client) {
		boolean slow = !client.isEmpty();
		for (long number = next(); number > 0; number = next()) {
			long started = System.nanoTime();
			HttpResult result = Http.get(this.port, path);
			OptionalLong pid = record(number, client, result, started);
			if (slow) {
				this.slowAnswers.add(new LoadSummary.SlowAnswer(pid.orElse(-1), result.status(), started,
						System.nanoTime()));
			}
			if (!pause()) {
				return;
			}
		}
	}

	private void keepAlive() {
		HttpConnection connection = null;
		try {
			for (long number = next(); number > 0; number = next()) {
				long started = System.nanoTime();
				try {
					if (connection == null) {
						connection = new HttpConnection(this.port);
					}
					HttpResult result;
					try {
						result = connection.get(this.path, false);
					}
					catch (IOException ex) {
						boolean retriable = connection.failedIdle();
						connection.close();
						connection = null;
						if (!retriable) {
							throw ex;
						}
						this.retried.incrementAndGet();
						connection = new HttpConnection(this.port);
						result = connection.get(this.path, false);
					}
					record(number, "keep-alive: ", result, started);
					if (!connection.isReusable()) {
						connection.close();
						connection = null;
					}
				}
				catch (IOException ex) {
					record(number, "keep-alive: ", HttpResult.failed(ex), started);
					if (connection != null) {
						connection.close();
						connection = null;
					}
				}
				if (!pause()) {
					return;
				}
			}
		}
		finally {
			if (connection != null) {
				connection.close();
			}
		}
	}

	private OptionalLong record(long number, String client, HttpResult result, long startNanos) {
		long endNanos = System.nanoTime();
		OptionalLong pid = result.isOk() ? Http.findPid(result.body()) : OptionalLong.empty();
		if (pid.isPresent()) {
			this.ok.incrementAndGet();
			this.pidCounts.computeIfAbsent(pid.getAsLong(), (key) -> new AtomicLong()).incrementAndGet();
			if (this.listener != null) {
				this.listener.accept(new Request(pid.getAsLong(), null, startNanos, endNanos));
			}
			return pid;
		}
		LoadSummary.Failure kind = LoadSummary.Failure.of(result);
		if (this.listener != null) {
			this.listener.accept(new Request(-1, kind, startNanos, endNanos));
		}
		this.failed.incrementAndGet();
		this.failuresByKind.computeIfAbsent(kind, (key) -> new AtomicLong()).incrementAndGet();
		synchronized (this.failures) {
			if (this.failures.size() < MAX_FAILURES_KEPT) {
				Duration at = Duration.ofNanos(System.nanoTime() - this.startNanos);
				this.failures.add("#" + number + " at +" + at.toMillis() + " ms: " + client + result.describe());
			}
		}
		return pid;
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
		Map<LoadSummary.Failure, Long> kinds = new EnumMap<>(LoadSummary.Failure.class);
		this.failuresByKind.forEach((kind, count) -> kinds.put(kind, count.get()));
		List<String> failuresSoFar;
		synchronized (this.failures) {
			failuresSoFar = List.copyOf(this.failures);
		}
		return new LoadSummary(this.sent.get(), this.ok.get(), this.failed.get(), kinds, failuresSoFar,
				Map.copyOf(counts), this.retried.get(), List.copyOf(this.slowAnswers),
				Duration.ofNanos(end - this.startNanos));
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
	 * One request as its client saw it, for a {@link Builder#onRequest(Consumer) listener}.
	 *
	 * @param pid the pid of the worker that answered, or {@code -1} if it failed
	 * @param failure why it failed, or {@code null} if it was answered
	 * @param startNanos when it was sent, in {@link System#nanoTime()}; for a keep-alive
	 * request sent again on a new connection, when it was first sent
	 * @param endNanos when the answer was complete or the request failed
	 */
	public record Request(long pid, LoadSummary.@Nullable Failure failure, long startNanos, long endNanos) {

		/**
		 * Whether a worker answered it.
		 * @return whether it did not fail
		 */
		public boolean isOk() {
			return this.failure == null;
		}

		/**
		 * Return how long it took.
		 * @return from sent to the answer or the failure, in nanoseconds
		 */
		public long latencyNanos() {
			return this.endNanos - this.startNanos;
		}

	}

	/**
	 * Describes a load: where to send it, its clients and its limits.
	 */
	public static final class Builder {

		private static final int MAX_CLIENTS = 64;

		private final int port;

		private String path = "/";

		private int threads = 1;

		private int keepAlive;

		private int slow;

		private @Nullable String slowPath;

		private long maxRequests = 10_000;

		private Duration maxDuration = Duration.ofSeconds(60);

		private Duration pause = Duration.ZERO;

		private @Nullable Consumer<Request> listener;

		private Builder(int port) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("Expected a TCP port but got " + port);
			}
			this.port = port;
		}

		/**
		 * Set the path that fresh and keep-alive clients request.
		 * @param path the path, {@code /} by default
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = checkPath(path);
			return this;
		}

		/**
		 * Set how many fresh clients send requests concurrently, each one at a time on a new
		 * connection per request.
		 * @param threads between 1 and 64, 1 by default
		 * @return this builder
		 */
		public Builder threads(int threads) {
			this.threads = checkClients(threads, 1, "threads");
			return this;
		}

		/**
		 * Set how many keep-alive clients send requests concurrently, each one at a time on
		 * its persistent connection.
		 * @param clients between 0 and 64, none by default
		 * @return this builder
		 */
		public Builder keepAlive(int clients) {
			this.keepAlive = checkClients(clients, 0, "keep-alive clients");
			return this;
		}

		/**
		 * Add slow clients: each requests a slow path on a new connection per request, and
		 * every answer is kept with its timing in {@link LoadSummary#slowAnswers()}.
		 * @param clients between 0 and 64
		 * @param path the slow path, for example {@code /slow?ms=3000}
		 * @return this builder
		 */
		public Builder slow(int clients, String path) {
			this.slow = checkClients(clients, 0, "slow clients");
			this.slowPath = checkPath(path);
			return this;
		}

		/**
		 * Set how many requests to send at most, over all clients.
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
		 * Set a pause after each request of each client, to limit the rate.
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
		 * Set a listener that sees every request once it is answered or failed, on the
		 * client's own thread: it must be thread-safe and quick, as it delays the client's
		 * next request.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder onRequest(Consumer<Request> listener) {
			this.listener = listener;
			return this;
		}

		/**
		 * Start sending.
		 * @return the running load; stop or close it
		 */
		public LoadClient start() {
			return new LoadClient(this).begin();
		}

		private static String checkPath(String path) {
			if (!path.startsWith("/")) {
				throw new IllegalArgumentException("Expected a path starting with '/' but got '" + path + "'");
			}
			return path;
		}

		private static int checkClients(int clients, int min, String what) {
			if (clients < min || clients > MAX_CLIENTS) {
				throw new IllegalArgumentException("Expected " + min + " to " + MAX_CLIENTS + " " + what + " but got "
						+ clients);
			}
			return clients;
		}

	}

}
