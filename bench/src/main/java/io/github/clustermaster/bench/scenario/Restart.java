package io.github.clustermaster.bench.scenario;

import java.util.List;
import java.util.Locale;

import io.github.clustermaster.testsupport.LoadClient;

/**
 * One restart (or deploy) under load: requests sent, failed by kind, longest time without
 * an answer, duration.
 *
 * @param sent the requests sent
 * @param failed the requests failed
 * @param kinds the failures by kind, or empty
 * @param gapSeconds the longest time between two answers
 * @param tookSeconds how long the restart took
 * @author cluster-master
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
