package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

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
 * This class holds the spares and looks after them, one call per event of the loop: its
 * deadlines ({@link #checkDeadlines}), a loss ({@link #promote}), a step of a steady or
 * rolling pool ({@link #keep}: stale spares stopped, whether one more boots), a quit. The
 * supervisor spawns the spare it asks for and takes the promoted one into the pool, on
 * its thread. Spares are not pool members: they hold no slot, count neither toward
 * {@code size} nor toward a surge, and a rollout does not see them.
 * <p>
 * The spare that replaces a promoted one boots {@link #SETTLE} after the promotion, not
 * in the same step: a JVM's boot takes the cores at once (measured on 2 cores, requests
 * answered in 3-10 ms took 40-70 ms while the next spare began to boot, the promoted
 * spare's first among them), and those first requests are what a spare is for. The next
 * spare is ready that much later, after a boot of seconds.
 *
 * @author cluster-master
 */
final class Spares {

	/** How long after a promotion the next spare waits before it boots. */
	static final Duration SETTLE = Duration.ofSeconds(1);

	private final Map<Integer, WorkerHandle> spares = new LinkedHashMap<>();

	private int wanted;

	/** When a spare was last promoted, if ever. */
	private @Nullable Instant promoted;

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
		spare.becomeSpare();
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
	 * The environment a new spare launches with: the pool's, marked as a spare's.
	 * @param env the environment of the pool's workers
	 * @return the spare's
	 */
	static Map<String, String> env(Map<String, String> env) {
		Map<String, String> spare = new LinkedHashMap<>(env);
		spare.put(WorkerLauncher.SPARE, "true");
		return spare;
	}

	/**
	 * Promote the oldest ready spare of the generation in place of a lost worker: it is
	 * told to accept from now on, in the slot it is given, and is no spare any more (the
	 * caller takes it into the pool). A spare that cannot be told (its IPC link is gone) is
	 * killed, and the next one is tried.
	 * @param generation the generation the pool launches now
	 * @param slot the slot of the worker it replaces, asked once for each spare tried
	 * @param now the time
	 * @return the promoted worker, or {@code null} when no spare is ready
	 */
	@Nullable WorkerHandle promote(int generation, IntSupplier slot, Instant now) {
		WorkerHandle spare;
		while ((spare = takeReady(generation)) != null) {
			if (spare.promote(slot.getAsInt())) {
				this.promoted = now;
				return spare;
			}
			add(spare);
			spare.kill("it could not be told to accept (its IPC link is gone)");
		}
		return null;
	}

	/**
	 * Promote a spare (see {@link #promote}) into the pool in place of a lost worker, in
	 * the slot the pool gives it, and say so.
	 * @param pool the pool
	 * @param generation the generation the pool launches now
	 * @param rollout the running rollout, whose outgoing workers' slots a spare takes, or
	 * {@code null}
	 * @param size how many workers the pool wants, for the log
	 * @param now the time
	 * @return the promoted worker, now one of the pool, or {@code null} when no spare is ready
	 */
	@Nullable WorkerHandle promoteInto(Pool pool, int generation, @Nullable RollingRestart rollout, int size,
			Instant now) {
		WorkerHandle spare = promote(generation, () -> pool.nextSlot(rollout), now);
		if (spare != null) {
			pool.add(spare);
			spare.report(new SupervisorEvent.SparePromoted(spare.who(), spare.slot, pool.ready(), size));
		}
		return spare;
	}

	/**
	 * Take the oldest ready spare of the generation that can be told to accept: the
	 * caller promotes it, and it is no spare any more.
	 * @param generation the generation the pool launches now
	 * @return the spare, or {@code null} when none is ready
	 */
	private @Nullable WorkerHandle takeReady(int generation) {
		for (WorkerHandle spare : this.spares.values()) {
			if (spare.state == WorkerState.READY && spare.generation == generation && spare.link != null) {
				this.spares.remove(spare.id);
				return spare;
			}
		}
		return null;
	}

	/**
	 * Look after the spares in a step of the loop: stop the live spares of another
	 * generation than the one the pool launches now (they would serve an old release or
	 * environment), and answer whether one more spare should boot now: fewer live spares
	 * than wanted, none booting (one at a time, so that spares never compete with each other
	 * for the cores), none promoted within {@link #SETTLE}, and the pool steady (whole, no
	 * rollout, no quit, no crash loop: a spare never delays a worker that serves).
	 * @param generation the generation the pool launches now
	 * @param steady whether the pool is steady
	 * @param now the time
	 * @return whether to spawn a spare
	 */
	boolean keep(int generation, boolean steady, Instant now) {
		for (WorkerHandle spare : this.spares.values()) {
			if (spare.isLive() && spare.generation != generation) {
				spare.stop(now, "a spare of generation " + spare.generation + "; the pool launches generation "
						+ generation + " now");
			}
		}
		if (!steady) {
			return false;
		}
		long live = this.spares.values().stream().filter(WorkerHandle::isLive).count();
		boolean booting = this.spares.values().stream().anyMatch((spare) -> spare.state == WorkerState.STARTING);
		Instant promoted = this.promoted;
		boolean settled = promoted == null || !now.isBefore(promoted.plus(SETTLE));
		return live < this.wanted && !booting && settled;
	}

	/**
	 * Check the spares' deadlines: a spare past its deadline (its boot timeout while it
	 * boots, its heartbeat timeout once ready) is killed: it serves nothing, so there is
	 * nothing to wait for, and a new one boots. One that is stopping gets its next signal
	 * when it is due.
	 * @param now the time
	 * @param settings the timeouts
	 */
	void checkDeadlines(Instant now, SupervisorSettings settings) {
		for (WorkerHandle spare : all()) {
			spare.checkDeadline(now, settings, false, false, (lost) -> {
			});
		}
	}

	/**
	 * The master quits: every live spare is asked to stop.
	 * @param now the time
	 */
	void stopAll(Instant now) {
		all().forEach((spare) -> spare.stop(now, "the master is quitting"));
	}

	/**
	 * Kill every spare.
	 * @param reason why
	 */
	void killAll(String reason) {
		all().forEach((spare) -> spare.kill(reason));
	}

}
