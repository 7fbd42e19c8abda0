package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The hot spares ({@code cluster.master.spares}): workers of the current generation
 * (release and environment) that booted and reported ready but do not accept from the
 * shared socket. A worker lost for any reason (a crash, {@code kill -9}, a hang,
 * recycling, a resize up, autoscaling) is replaced by promoting the oldest ready spare,
 * which takes the lost worker's slot and starts accepting at once; a new spare boots
 * behind it. A spare of another generation is never promoted: a rolling restart stops
 * the spares it leaves behind, and new ones boot once it is done.
 * <p>
 * This class holds the spares and answers the supervisor's questions about them; the
 * supervisor carries out the answers on its thread. Spares are not pool members: they
 * hold no slot, count neither toward {@code size} nor toward a surge, and a rollout does
 * not see them.
 *
 * @author cluster-master
 */
final class Spares {

	private final Map<Integer, WorkerHandle> spares = new LinkedHashMap<>();

	private int wanted;

	/**
	 * How many spares the pool keeps.
	 * @param wanted the count, 0 or more
	 */
	void wanted(int wanted) {
		if (wanted < 0) {
			throw new IllegalArgumentException("spares must be 0 or more, was " + wanted);
		}
		this.wanted = wanted;
	}

	int wanted() {
		return this.wanted;
	}

	/**
	 * A new spare was spawned.
	 * @param spare its handle
	 */
	void add(WorkerHandle spare) {
		spare.spare = true;
		this.spares.put(spare.id, spare);
	}

	/**
	 * The spare of that id, if it is one (live or on its way out).
	 * @param id the worker id
	 * @return the spare, or {@code null}
	 */
	@Nullable WorkerHandle get(int id) {
		return this.spares.get(id);
	}

	/**
	 * Forget a spare whose process ended.
	 * @param spare the spare
	 * @return whether it was one
	 */
	boolean exited(WorkerHandle spare) {
		return this.spares.remove(spare.id) != null;
	}

	/**
	 * Every spare, live or stopping, oldest first.
	 * @return a copy
	 */
	List<WorkerHandle> all() {
		return new ArrayList<>(this.spares.values());
	}

	boolean isEmpty() {
		return this.spares.isEmpty();
	}

	/**
	 * Take the oldest ready spare of the generation that can be told to accept: the
	 * caller promotes it, and it is no spare any more.
	 * @param generation the generation the pool launches now
	 * @return the spare, or {@code null} when none is ready
	 */
	@Nullable WorkerHandle takeReady(int generation) {
		for (WorkerHandle spare : this.spares.values()) {
			if (spare.state == WorkerState.READY && spare.generation == generation && spare.link != null) {
				this.spares.remove(spare.id);
				return spare;
			}
		}
		return null;
	}

	/**
	 * The live spares of another generation than the one the pool launches now: they
	 * would serve an old release or environment, so they are stopped.
	 * @param generation the generation the pool launches now
	 * @return the spares to stop
	 */
	List<WorkerHandle> stale(int generation) {
		return this.spares.values()
			.stream()
			.filter((spare) -> spare.isLive() && spare.generation != generation)
			.toList();
	}

	/**
	 * Whether one more spare should boot now: fewer live spares than wanted, none booting
	 * (one at a time, so that spares never compete with each other for the cores), and the
	 * pool steady (whole, no rollout, no quit, no crash loop: a spare never delays a
	 * worker that serves).
	 * @param steady whether the pool is steady
	 * @return whether to spawn a spare
	 */
	boolean shouldSpawn(boolean steady) {
		if (!steady) {
			return false;
		}
		long live = this.spares.values().stream().filter(WorkerHandle::isLive).count();
		boolean booting = this.spares.values().stream().anyMatch((spare) -> spare.state == WorkerState.STARTING);
		return live < this.wanted && !booting;
	}

	/**
	 * Whether a spare is past its deadline: its boot timeout while it boots, its heartbeat
	 * timeout once ready. Either way it is killed: it serves nothing, so there is nothing
	 * to wait for, and a new one boots.
	 * @param spare the spare
	 * @param now the time
	 * @param settings the timeouts
	 * @return what is wrong with it, or {@code null}
	 */
	static @Nullable String overdue(WorkerHandle spare, Instant now, SupervisorSettings settings) {
		if (!now.isAfter(spare.deadline(settings))) {
			return null;
		}
		if (spare.state == WorkerState.STARTING) {
			return "it missed its boot timeout of " + Sentences.seconds(settings.bootTimeout());
		}
		if (spare.state == WorkerState.READY) {
			return "it sent no heartbeat for " + Sentences.seconds(settings.heartbeatTimeout());
		}
		return null;
	}

}
