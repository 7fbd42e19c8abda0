package io.github.clustermaster.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;

/**
 * The constant load of the rollout steps: {@value #THREADS} clients sending {@code GET /}
 * on a new connection per request with a {@value #PAUSE_MILLIS} ms pause, every request
 * kept with who answered it and when.
 *
 * @author cluster-master
 */
final class Load implements AutoCloseable {

	static final int THREADS = 4;

	static final long PAUSE_MILLIS = 5;

	private final Queue<LoadClient.Request> requests = new ConcurrentLinkedQueue<>();

	private final LoadClient client;

	private Load(int port) {
		this.client = LoadClient.builder(port)
			.threads(THREADS)
			.pause(Duration.ofMillis(PAUSE_MILLIS))
			.maxRequests(1_000_000)
			.maxDuration(Duration.ofMinutes(10))
			.onRequest(this.requests::add)
			.start();
	}

	static Load start(int port) {
		return new Load(port);
	}

	/** Stop sending, wait for the requests in flight, and answer every request. */
	List<LoadClient.Request> stop() {
		this.client.stop();
		return List.copyOf(this.requests);
	}

	@Override
	public void close() {
		this.client.stop();
	}

	/** The failed requests by kind, for example {@code 3 reset, 1 refused}, or empty. */
	static String kinds(List<LoadClient.Request> requests) {
		Map<LoadSummary.Failure, Long> kinds = new TreeMap<>(requests.stream()
			.filter((request) -> !request.isOk())
			.collect(Collectors.groupingBy(LoadClient.Request::failure, Collectors.counting())));
		return kinds.entrySet()
			.stream()
			.map((kind) -> String.format(Locale.US, "%,d %s", kind.getValue(),
					kind.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ')))
			.collect(Collectors.joining(", "));
	}

	/**
	 * One restart (or deploy) under load: requests sent, failed by kind, longest time without
	 * an answer, duration.
	 *
	 * @param sent the requests sent
	 * @param failed the requests failed
	 * @param kinds the failures by kind, or empty
	 * @param gapSeconds the longest time between two answers
	 * @param tookSeconds how long the restart took
	 */
	record Restart(long sent, long failed, String kinds, double gapSeconds, double tookSeconds) {

		static Restart of(List<LoadClient.Request> requests, double tookSeconds) {
			long[] ends = requests.stream().filter(LoadClient.Request::isOk).mapToLong(LoadClient.Request::endNanos).sorted()
				.toArray();
			long gap = 0;
			for (int i = 1; i < ends.length; i++) {
				gap = Math.max(gap, ends[i] - ends[i - 1]);
			}
			long failed = requests.stream().filter((request) -> !request.isOk()).count();
			String kinds = Load.kinds(requests);
			return new Restart(requests.size(), failed, kinds.isEmpty() ? "" : " (" + kinds + ")", gap / 1e9, tookSeconds);
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "took %,6.0f ms, sent %,6d, failed %,d%s, no answer for at most %.2f s",
					this.tookSeconds * 1000, this.sent, this.failed, this.kinds, this.gapSeconds);
		}

	}

}
