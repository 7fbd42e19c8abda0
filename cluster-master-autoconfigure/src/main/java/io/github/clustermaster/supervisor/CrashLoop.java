package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The pool's recent crashes and what they mean for respawning, in the shape of OTP's
 * {@code add_restart}: each crash is {@linkplain #record recorded} and answered with a
 * {@link Verdict}. A worker that dies young puts the pool in danger, with a doubling
 * backoff before the next spawn, until a new worker stays up for the minimum restart age;
 * more crashes within the {@link RestartIntensity#period() period} than the intensity
 * tolerates, and crashed workers are no longer replaced until an operator
 * {@linkplain #recover() says otherwise}. {@link #crashed}, {@link #clearDangerIfSurvived}
 * and {@link #recover} also say what they decided in the supervisor's log. Only the
 * supervisor thread uses it.
 *
 * @author cluster-master
 */
final class CrashLoop {

	/** Where it reports what it decides. */
	private final Consumer<SupervisorEvent> events;

	private final RestartIntensity intensity;

	private final Duration minRestartAge;

	/** The crash times within the intensity's period, oldest first. */
	private List<Instant> crashes = List.of();

	/** How many workers in a row died young; in danger while above zero. */
	private int youngDeaths;

	private @Nullable Instant lastCrash;

	private @Nullable Instant backoffUntil;

	private boolean gaveUp;

	/** For each crashed worker not yet replaced: how many crashed in its place, itself included. */
	private final Deque<Integer> replacementsDue = new ArrayDeque<>();

	CrashLoop(RestartIntensity intensity, Duration minRestartAge) {
		this(intensity, minRestartAge, SupervisorLog::log);
	}

	CrashLoop(RestartIntensity intensity, Duration minRestartAge, Consumer<SupervisorEvent> events) {
		this.events = events;
		this.intensity = intensity;
		this.minRestartAge = minRestartAge;
	}

	/**
	 * Record a crash.
	 * @param now the time of the crash
	 * @param young whether the worker died young: before it was ready, or younger than
	 * the minimum restart age (a worker that could not even be started counts as young)
	 * @return what to do: respawn, at once or after the backoff, or give up
	 */
	Verdict record(Instant now, boolean young) {
		this.lastCrash = now;
		this.crashes = this.intensity.withCrash(this.crashes, now);
		if (young) {
			this.youngDeaths++;
			this.backoffUntil = now.plus(this.intensity.backoff(this.youngDeaths));
		}
		if (this.gaveUp) {
			return new NoRespawn();
		}
		if (this.intensity.exceededBy(this.crashes)) {
			this.gaveUp = true;
			return new GiveUp(this.crashes.size());
		}
		Instant backoffUntil = this.backoffUntil;
		return new RespawnAt((backoffUntil != null && backoffUntil.isAfter(now)) ? backoffUntil : now);
	}

	/**
	 * Record a crash and say in the log what it means: danger with the next respawn's
	 * time after a young death, or giving up.
	 * @param now the time of the crash
	 * @param young whether the worker died young (see {@link #record})
	 * @param what the crash, for the log
	 * @return what to do (see {@link #record})
	 */
	Verdict crashed(Instant now, boolean young, String what) {
		Verdict verdict = record(now, young);
		if (verdict instanceof RespawnAt respawn && young) {
			this.events.accept(new SupervisorEvent.CrashLoopDanger(this.youngDeaths, this.minRestartAge,
					Duration.between(now, respawn.time())));
		}
		else if (verdict instanceof GiveUp giveUp) {
			this.events.accept(new SupervisorEvent.CrashLoopGaveUp(giveUp.crashes(), this.intensity.period(),
					this.intensity.maxRestarts(), what));
		}
		return verdict;
	}

	/**
	 * Leave danger once one of the workers proves it over (see {@link #isSurvivedBy}), and
	 * say so.
	 * @param workers the pool's workers
	 * @param now the time
	 */
	void clearDangerIfSurvived(Collection<WorkerHandle> workers, Instant now) {
		if (isDanger() && workers.stream().anyMatch((worker) -> isSurvivedBy(worker.readyAt, now))) {
			this.events.accept(new SupervisorEvent.CrashLoopCleared(this.minRestartAge));
			clearDanger();
		}
	}

	/**
	 * Whether a worker may be spawned now: not after giving up, nor during a backoff.
	 * @param now the time
	 * @return whether to spawn
	 */
	boolean allowsSpawn(Instant now) {
		return !this.gaveUp && (this.backoffUntil == null || !now.isBefore(this.backoffUntil));
	}

	/**
	 * Whether one more worker may be spawned now beside those booting: not after giving up,
	 * nor during a backoff, and in danger one at a time (the next waits until this one
	 * proves itself).
	 * @param now the time
	 * @param booting how many workers of the pool boot now
	 * @return whether to spawn
	 */
	boolean allowsSpawn(Instant now, int booting) {
		return allowsSpawn(now) && (!isDanger() || booting == 0);
	}

	/**
	 * Whether workers died young lately and no new worker has proven itself since; in
	 * danger, workers are spawned one at a time.
	 * @return whether in danger
	 */
	boolean isDanger() {
		return this.youngDeaths > 0;
	}

	/**
	 * How many workers in a row died young.
	 * @return the number of young deaths since the last danger cleared
	 */
	int youngDeaths() {
		return this.youngDeaths;
	}

	/**
	 * Whether too many crashes made it give up respawning.
	 * @return whether it gave up
	 */
	boolean gaveUp() {
		return this.gaveUp;
	}

	/**
	 * Whether a worker that became ready at {@code readyAt} proves the danger over: it
	 * became ready after the last crash and has stayed up for the minimum restart age.
	 * @param readyAt when it became ready, {@code null} if it is not ready
	 * @param now the time
	 * @return whether it ends the danger
	 */
	boolean isSurvivedBy(@Nullable Instant readyAt, Instant now) {
		Instant lastCrash = this.lastCrash;
		return lastCrash != null && readyAt != null && readyAt.isAfter(lastCrash)
				&& !readyAt.plus(this.minRestartAge).isAfter(now);
	}

	/**
	 * Leave danger: the backoff starts over with the next young death.
	 */
	void clearDanger() {
		this.youngDeaths = 0;
		this.backoffUntil = null;
	}

	/**
	 * Respawn crashed workers again after giving up, with a clean slate of crashes (and say
	 * so).
	 * @return whether it had given up
	 */
	boolean recover() {
		if (!this.gaveUp) {
			return false;
		}
		this.gaveUp = false;
		this.crashes = List.of();
		this.events.accept(new SupervisorEvent.CrashLoopReset());
		return true;
	}

	/**
	 * A crashed worker is to be replaced.
	 * @param restarts how many workers crashed in its place, itself included
	 */
	void replacementDue(int restarts) {
		this.replacementsDue.addLast(restarts);
	}

	/**
	 * How many workers crashed in the place of the next worker spawned.
	 * @return the count the oldest crashed worker not yet replaced leaves, or 0
	 */
	int restartsOfNextSpawn() {
		Integer restarts = this.replacementsDue.peekFirst();
		return (restarts != null) ? restarts : 0;
	}

	/**
	 * A worker was spawned: it replaces the oldest crashed worker not yet replaced, if any.
	 * @return whether it replaced a crashed worker
	 */
	boolean spawned() {
		return this.replacementsDue.pollFirst() != null;
	}

	/**
	 * The pool is at its size: no crashed worker is left to replace.
	 */
	void replacementsDone() {
		this.replacementsDue.clear();
	}

	/**
	 * What to do after a crash.
	 */
	sealed interface Verdict permits RespawnAt, GiveUp, NoRespawn {

	}

	/**
	 * Replace the crashed worker, not before {@code time}.
	 *
	 * @param time when the next spawn may happen: the time of the crash, or the end of the
	 * backoff
	 */
	record RespawnAt(Instant time) implements Verdict {

	}

	/**
	 * This crash exceeds the restart intensity: stop replacing crashed workers.
	 *
	 * @param crashes the number of crashes within the period
	 */
	record GiveUp(int crashes) implements Verdict {

	}

	/**
	 * Gave up before: the crashed worker is not replaced.
	 */
	record NoRespawn() implements Verdict {

	}

}
