package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a decider of the supervisor loop sees of the pool: the wanted size, how many
 * workers may boot at once, whether the crash loop lets a worker spawn now, and every
 * worker the master still has (stopping ones included), oldest first.
 *
 * @param size the wanted number of workers
 * @param surge how many workers may boot at once
 * @param spawnAllowed whether the crash loop's backoff lets a worker spawn now
 * @param danger whether workers recently died young: then one boots at a time
 * @param workers every worker, oldest first
 * @author cluster-master
 */
record PoolView(int size, int surge, boolean spawnAllowed, boolean danger, List<Member> workers) {

	PoolView {
		workers = List.copyOf(workers);
	}

	/**
	 * The workers that serve or boot, oldest first.
	 * @return the live workers
	 */
	List<Member> live() {
		return this.workers.stream().filter(Member::isLive).toList();
	}

	/**
	 * A worker by id.
	 * @param id the id
	 * @return the worker, or {@code null}
	 */
	@Nullable Member get(int id) {
		return this.workers.stream().filter((worker) -> worker.id() == id).findFirst().orElse(null);
	}

	/**
	 * One worker as a decider sees it.
	 *
	 * @param id the worker id
	 * @param generation the generation it was started in
	 * @param state its state
	 * @param readyAt when it reported ready, or {@code null}
	 * @param outcomes how its requests ended, by its last heartbeat, or {@code null}
	 */
	record Member(int id, int generation, WorkerState state, @Nullable Instant readyAt,
			@Nullable RequestOutcomes outcomes) {

		Member(int id, int generation, WorkerState state, @Nullable Instant readyAt) {
			this(id, generation, state, readyAt, null);
		}

		boolean isLive() {
			return this.state == WorkerState.STARTING || this.state == WorkerState.READY;
		}

	}

}
