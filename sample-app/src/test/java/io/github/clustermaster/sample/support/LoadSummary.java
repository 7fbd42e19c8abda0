package io.github.clustermaster.sample.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link LoadClient} saw.
 *
 * @param sent requests sent, including any still in flight for a snapshot
 * @param ok requests answered with a 2xx status
 * @param failed requests that failed: no complete response, or a status other than 2xx
 * @param failures descriptions of the first failures, with request number and time
 * @param pidCounts for each worker pid that answered, how many requests it answered
 * @param elapsed time from start to stop or to now
 * @author cluster-master
 */
public record LoadSummary(long sent, long ok, long failed, List<String> failures, Map<Long, Long> pidCounts,
		Duration elapsed) {

	/**
	 * Return the pids of the workers that answered.
	 * @return the pids
	 */
	public Set<Long> pids() {
		return this.pidCounts.keySet();
	}

}
