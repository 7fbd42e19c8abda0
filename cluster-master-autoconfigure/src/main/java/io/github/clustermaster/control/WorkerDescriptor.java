package io.github.clustermaster.control;

import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerStats;
import org.jspecify.annotations.Nullable;

/**
 * One worker as the master sees it.
 *
 * @param id the worker id
 * @param slot its stable slot, 0 to size - 1, which the worker that replaces it takes over
 * (during a surge two workers may briefly share a slot)
 * @param pid the process id
 * @param state {@code STARTING}, {@code READY}, {@code SPARE} (a hot spare, ready but not
 * accepting), {@code STOPPING} or {@code EXITED}
 * @param age the time since it was started, in ISO-8601 ({@code PT12.3S})
 * @param generation the generation it was started in
 * @param restarts how many workers in a row crashed in its place before it was started
 * @param release the id of the release it runs (the first 12 hex digits of its hash), or
 * {@code null} for launches without one
 * @param stats what it said of itself with its last heartbeat (requests, in flight, busy
 * and maximum threads, heap, resident memory, GC), or {@code null} before its first
 * @param lastHeartbeat when its last heartbeat came, in ISO-8601, or {@code null}
 * @param share its part of the requests the listed workers have served, from 0 to 1, or
 * {@code null} while they have served none
 * @param recycling why it is being recycled (replaced by a fresh worker once that one is
 * ready), or {@code null}
 * @author cluster-master
 */
public record WorkerDescriptor(int id, int slot, long pid, String state, String age, int generation, int restarts,
		@Nullable String release, @Nullable WorkerStats stats, @Nullable String lastHeartbeat,
		@Nullable Double share, @Nullable String recycling) {

	static WorkerDescriptor of(WorkerInfo info, long totalRequests) {
		WorkerStats stats = info.stats();
		Double share = (stats != null && totalRequests > 0)
				? Math.round(stats.requests() * 1000.0 / totalRequests) / 1000.0 : null;
		return new WorkerDescriptor(info.id(), info.slot(), info.pid(), info.state().name(),
				info.age().withNanos((info.age().getNano() / 1_000_000) * 1_000_000).toString(), info.generation(),
				info.restarts(), (info.release() != null) ? info.release().shortHash() : null, stats,
				(info.lastHeartbeat() != null) ? info.lastHeartbeat().toString() : null, share, info.recycling());
	}

	/**
	 * This worker without what changes every second (its age, stats and last heartbeat):
	 * what tells one status from another that is only newer.
	 * @return the worker, steady
	 */
	public WorkerDescriptor steady() {
		return new WorkerDescriptor(this.id, this.slot, this.pid, this.state, "", this.generation, this.restarts, this.release,
				null, null, null, this.recycling);
	}

}
