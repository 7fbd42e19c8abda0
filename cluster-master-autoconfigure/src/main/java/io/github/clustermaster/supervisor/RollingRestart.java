package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

import io.github.clustermaster.supervisor.PoolView.Member;
import io.github.clustermaster.supervisor.RolloutStep.Finish;
import io.github.clustermaster.supervisor.RolloutStep.Settle;
import io.github.clustermaster.supervisor.RolloutStep.Spawn;
import io.github.clustermaster.supervisor.RolloutStep.Stop;

/**
 * A rolling restart in progress, as a decider: given the pool as it is now
 * ({@link PoolView}), {@link #step} says what to do next ({@link RolloutStep}), and the
 * supervisor loop does it. The rollout keeps its own count of what it has done and what
 * to go back to (the {@link LaunchSpec} before it) if one of its replacements does not
 * survive its probation. A rollback is a rolling restart too, back to the launch an
 * aborted restart left, of the workers it had already replaced.
 * <p>
 * Its inputs are explicit: the pool view and the time for each step; the exit or fault of
 * a worker ({@link #exited}, {@link #lost}). Each step first asks its
 * {@link CanaryAnalysis} whether the new release is clearly worse than the old by their
 * traffic (then it answers {@link RolloutStep.Abort}) or its first replacement must be
 * held for more traffic.
 *
 * @author cluster-master
 */
final class RollingRestart {

	/** Where it reports how it starts and ends. */
	private final Consumer<SupervisorEvent> events;

	private final LaunchSpec target;

	private final LaunchSpec previous;

	private final int oldWorkers;

	private final Instant startedAt;

	private final Duration minAge;

	/** Judges the new release by its traffic; off for a rollback. */
	private final CanaryAnalysis canary;

	/**
	 * Completed with the outcome. A rollback shares the future of the restart it undoes:
	 * that restart's outcome is known once the rollback has ended.
	 */
	private final CompletableFuture<RestartResult> future;

	/**
	 * The id of the worker that relayed the request and waits to answer it with the
	 * outcome, or 0. Being one of the old workers, it is stopped last, once the outcome is
	 * known, so that its answer is not cut off by its own drain.
	 */
	private final int requester;

	/** For a rollback, the aborted restart it undoes; {@code null} for a restart. */
	private final @Nullable RollingRestart undoes;

	private int replaced;

	/** Whether a replacement was started: until then, and while it is on probation, one at a time. */
	private @Nullable Integer firstReplacement;

	/** Why it was aborted, once it was. */
	private @Nullable String abortedBecause;

	/**
	 * Start a rolling restart.
	 * @param previous the launch it replaces, restored if it is aborted
	 * @param target the launch it rolls onto
	 * @param oldWorkers how many live workers it replaces
	 * @param startedAt when it started
	 * @param minAge how long a replacement must stay ready to have proven itself
	 * @param future completed with the outcome
	 * @param requester the worker that waits to answer it and is stopped last, or 0
	 */
	RollingRestart(LaunchSpec previous, LaunchSpec target, int oldWorkers, Instant startedAt, Duration minAge,
			CompletableFuture<RestartResult> future, int requester) {
		this(previous, target, oldWorkers, startedAt, minAge, future, requester, CanaryPolicy.OFF, SupervisorLog::log);
	}

	/**
	 * Start a rolling restart that judges the new release by its traffic.
	 * @param previous the launch it replaces, restored if it is aborted
	 * @param target the launch it rolls onto
	 * @param oldWorkers how many live workers it replaces
	 * @param startedAt when it started
	 * @param minAge how long a replacement must stay ready to have proven itself
	 * @param future completed with the outcome
	 * @param requester the worker that waits to answer it and is stopped last, or 0
	 * @param canary how the new release is judged by its traffic
	 * @param events where it reports how it starts and ends
	 */
	RollingRestart(LaunchSpec previous, LaunchSpec target, int oldWorkers, Instant startedAt, Duration minAge,
			CompletableFuture<RestartResult> future, int requester, CanaryPolicy canary,
			Consumer<SupervisorEvent> events) {
		this(previous, target, oldWorkers, startedAt, minAge, future, requester, null, canary, events);
	}

	private RollingRestart(LaunchSpec previous, LaunchSpec target, int oldWorkers, Instant startedAt, Duration minAge,
			CompletableFuture<RestartResult> future, int requester, @Nullable RollingRestart undoes,
			CanaryPolicy canary, Consumer<SupervisorEvent> events) {
		this.events = events;
		this.previous = previous;
		this.target = target;
		this.oldWorkers = oldWorkers;
		this.startedAt = startedAt;
		this.minAge = minAge;
		this.future = future;
		this.requester = requester;
		this.undoes = undoes;
		this.canary = new CanaryAnalysis(canary);
	}

	/**
	 * Report that it starts, and how.
	 * @param surge how many replacements may boot at once after the first
	 * @param env the new environment it was asked for, or {@code null}
	 * @param release the release it was asked to roll onto, or {@code null}
	 */
	void announce(int surge, @Nullable Map<String, String> env, @Nullable Release release) {
		this.events.accept(new SupervisorEvent.RolloutStarted(generation(), this.oldWorkers, surge,
				(env != null) ? env.keySet() : null, release,
				release != null && Release.same(release, this.previous.release()), this.requester));
	}

	/** The generation it moves the pool to. */
	int generation() {
		return this.target.generation();
	}

	/** What new workers launch while it runs. */
	LaunchSpec target() {
		return this.target;
	}

	/** Whether it rolls an aborted restart back; a rollback is not rolled back in turn. */
	boolean isRollback() {
		return this.undoes != null;
	}

	/**
	 * One step. The first replacement boots alone and must survive its probation (the
	 * seed's skeptic: a bad release costs one JVM boot, not {@code max-surge}); then up to
	 * {@code max-surge} replacements boot at once, and each ready one lets the oldest old
	 * worker go, so that the pool never has fewer than {@code size} ready workers. One
	 * action per step: stops, or spawns.
	 * @param pool the pool now
	 * @param now the time
	 * @return what to do
	 */
	RolloutStep step(PoolView pool, Instant now) {
		CanaryAnalysis.Decision judged = this.canary.step(pool, generation(),
				(this.firstReplacement != null) ? pool.get(this.firstReplacement) : null, now);
		if (judged instanceof CanaryAnalysis.Abort abort) {
			return new RolloutStep.Abort(abort.reason());
		}
		if (firstOnProbation(pool, now) || judged == CanaryAnalysis.Decision.HOLD) {
			return RolloutStep.WAIT;
		}
		List<Member> live = pool.live();
		// The worker that waits to answer the request serves on, counted as ready, until
		// the outcome is known; then it is stopped.
		Member requester = requester(pool);
		List<Member> old = live.stream().filter((worker) -> replaces(worker) && worker != requester).toList();
		if (old.isEmpty()) {
			return new Settle((requester != null) ? requester.id() : 0,
					live.stream().filter((worker) -> worker != requester).map(Member::id).toList());
		}
		long ready = live.stream().filter((worker) -> worker.state() == WorkerState.READY).count();
		List<Integer> stopped = new ArrayList<>();
		for (Member worker : old) {
			boolean isReady = worker.state() == WorkerState.READY;
			if (isReady && ready <= pool.size()) {
				continue;
			}
			stopped.add(worker.id());
			this.replaced++;
			if (isReady) {
				ready--;
			}
		}
		if (!stopped.isEmpty()) {
			return new Stop(stopped, (isRollback() ? "rollback to generation " : "rolling restart to generation ")
					+ generation());
		}
		List<Member> replacements = live.stream().filter((worker) -> !replaces(worker)).toList();
		long booting = replacements.stream().filter((worker) -> worker.state() == WorkerState.STARTING).count();
		long bootable = (this.firstReplacement == null) ? 1 : pool.surge() - booting;
		long wanted = Math.min(pool.size() - replacements.size(), bootable);
		if (!pool.spawnAllowed()) {
			return RolloutStep.WAIT;
		}
		if (pool.danger()) {
			// In danger, one worker at a time: the next waits until this one proves itself.
			wanted = live.stream().anyMatch((worker) -> worker.state() == WorkerState.STARTING) ? 0
					: Math.min(wanted, 1);
		}
		return (wanted > 0) ? new Spawn((int) wanted) : RolloutStep.WAIT;
	}

	/**
	 * A replacement of this step's {@link Spawn} was started.
	 * @param id its id
	 */
	void spawned(int id) {
		if (this.firstReplacement == null) {
			this.firstReplacement = id;
		}
	}

	/**
	 * After a {@link Settle} was carried out: done once no old worker is left at all (the
	 * last one has drained and exited), no worker is booting and every replacement has
	 * been ready for the minimum age (done means proven).
	 * @param settle the step carried out
	 * @param pool the pool now
	 * @param now the time
	 * @return {@link Finish}, or {@link RolloutStep#WAIT}
	 */
	RolloutStep settled(Settle settle, PoolView pool, Instant now) {
		if (pool.workers().stream().anyMatch((worker) -> replaces(worker) && worker.id() != settle.held())) {
			return RolloutStep.WAIT; // the last old workers are still draining
		}
		if (pool.workers().stream().anyMatch((worker) -> worker.state() == WorkerState.STARTING)) {
			return RolloutStep.WAIT; // a crashed replacement's respawn is booting
		}
		if (settle.others().stream().map(pool::get).anyMatch((worker) -> worker != null && isOnProbation(worker, now))) {
			return RolloutStep.WAIT; // done once every replacement has proven itself
		}
		return finish(settle.held(), now);
	}

	private Finish finish(int requester, Instant now) {
		if (requester != 0) {
			this.replaced++;
		}
		Duration took = Duration.between(this.startedAt, now);
		RollingRestart aborted = this.undoes;
		if (aborted != null) {
			String message = aborted.abortedBecause + "; the " + Sentences.workers(this.oldWorkers)
					+ " it had replaced rolled back to generation " + generation() + " in " + Sentences.seconds(took);
			this.events.accept(new SupervisorEvent.RolloutDone(generation(), true, this.replaced, took, null, null));
			return new Finish(requester, aborted.outcome(RolloutOutcome.Result.ROLLED_BACK, message, now), false, null,
					this.future, null, message);
		}
		Release release = this.target.release();
		CanaryReport judged = this.canary.report();
		SupervisorEvent.RolloutDone done = new SupervisorEvent.RolloutDone(generation(), false, this.replaced, took,
				release, judged);
		this.events.accept(done);
		String message = SupervisorLog.done(done);
		Release before = this.previous.release();
		Release rollbackTarget = (release != null && before != null && !Release.same(release, before)) ? before : null;
		return new Finish(requester, outcome(RolloutOutcome.Result.DONE, message, now), true, rollbackTarget,
				this.future, new RestartResult(generation(), this.replaced, took, release), null);
	}

	/**
	 * A worker exited: one of the replacements on probation aborts the rollout; an old one
	 * that crashed counts as replaced (the rollout spawns its replacement as for a stopped
	 * one).
	 * @param worker the worker
	 * @param what its exit in words
	 * @param now the time
	 * @return {@link RolloutStep.Abort}, or {@link RolloutStep#WAIT}
	 */
	RolloutStep exited(Member worker, String what, Instant now) {
		RolloutStep step = lost(worker, what, now);
		if (step == RolloutStep.WAIT && replaces(worker)) {
			this.replaced++;
		}
		return step;
	}

	/**
	 * A worker died, or is killed as faulty (hung, too slow to boot): one of the
	 * replacements on probation aborts the rollout now (waiting for its exit would let the
	 * rollout spawn another replacement).
	 * @param worker the worker
	 * @param what what happened to it, in words
	 * @param now the time
	 * @return {@link RolloutStep.Abort}, or {@link RolloutStep#WAIT}
	 */
	RolloutStep lost(Member worker, String what, Instant now) {
		return isOnProbation(worker, now) ? new RolloutStep.Abort("its new " + what) : RolloutStep.WAIT;
	}

	/**
	 * Abort: what it was about to launch is dropped (the launch before it is restored), the
	 * replacements still booting are stopped, and those already serving are rolled back to
	 * the previous launch, so that the pool ends on one version. The old workers that were
	 * not replaced yet are kept.
	 * @param why why
	 * @param pool the pool now
	 * @param now the time
	 * @return what to do
	 */
	Aborted abort(String why, PoolView pool, Instant now) {
		List<Integer> booting = new ArrayList<>();
		int rolledBack = 0;
		for (Member worker : pool.live()) {
			if (worker.generation() != generation()) {
				continue;
			}
			if (worker.state() == WorkerState.STARTING) {
				booting.add(worker.id());
			}
			else {
				rolledBack++;
			}
		}
		String stopReason = "rolling restart to generation " + generation() + " aborted";
		RollingRestart undone = this.undoes;
		SupervisorEvent.RolloutAborted event = new SupervisorEvent.RolloutAborted(generation(), isRollback(), why,
				rolledBack, rolledBack > 0 && undone == null, this.previous.generation());
		this.events.accept(event);
		String what = SupervisorLog.aborted(event);
		if (event.rollingBack()) {
			this.abortedBecause = what;
			RollingRestart rollback = new RollingRestart(this.previous, this.previous, rolledBack, now, this.minAge,
					this.future, 0, this, CanaryPolicy.OFF, this.events);
			return new Aborted(booting, stopReason, this.previous, rollback, outcome(RolloutOutcome.Result.ABORTED,
					what + "; rolling back the " + Sentences.workers(rolledBack) + " it had replaced", now),
					this.future, null); // its future completes once the rollback has ended
		}
		RollingRestart failed = (undone != null) ? undone : this;
		String message = ((undone != null) ? undone.abortedBecause + "; then the " : "") + SupervisorLog.text(event);
		return new Aborted(booting, stopReason, this.previous, null,
				failed.outcome(RolloutOutcome.Result.ABORTED, message, now), this.future, message);
	}

	/**
	 * Drop the rollout as it is (the master is quitting): nothing is stopped or restored.
	 * @param why why
	 * @param now the time
	 * @return what to do
	 */
	Aborted abandon(String why, Instant now) {
		RollingRestart failed = (this.undoes != null) ? this.undoes : this;
		String message = "Rolling restart to generation " + failed.generation() + " aborted: " + why;
		return new Aborted(List.of(), "", null, null, failed.outcome(RolloutOutcome.Result.ABORTED, message, now),
				this.future, message);
	}

	/**
	 * Whether the first replacement is booting, or ready but has not yet lived the minimum
	 * age since: until it has proven itself, no old worker is stopped and no other
	 * replacement is started.
	 */
	private boolean firstOnProbation(PoolView pool, Instant now) {
		Member first = (this.firstReplacement != null) ? pool.get(this.firstReplacement) : null;
		return first != null && (first.state() == WorkerState.STARTING
				|| (first.state() == WorkerState.READY && isOnProbation(first, now)));
	}

	/**
	 * Whether the worker is one of this rollout's replacements and has not proven itself
	 * yet (not ready, or ready for less than the minimum age): its death, or a missed boot
	 * timeout, aborts the rollout.
	 */
	boolean isOnProbation(Member worker, Instant now) {
		Instant readyAt = worker.readyAt();
		return worker.generation() == generation() && (readyAt == null || now.isBefore(readyAt.plus(this.minAge)));
	}

	/**
	 * Whether the worker still runs what this rollout replaces.
	 * @param worker the worker
	 * @return whether it does
	 */
	boolean replaces(Member worker) {
		return worker.generation() != generation();
	}

	private @Nullable Member requester(PoolView pool) {
		Member waiting = pool.get(this.requester);
		return (waiting != null && waiting.isLive() && replaces(waiting)) ? waiting : null;
	}

	/**
	 * How far it has come, for a refusal of a second restart: {@code generation 3, 1 of 2
	 * workers replaced}.
	 * @return the text
	 */
	String progress() {
		return "generation " + generation() + ", " + this.replaced + " of " + this.oldWorkers + " workers replaced";
	}

	/**
	 * The rollout as the status shows it.
	 * @param surge how many replacements may boot at once
	 * @return the status
	 */
	Rollout status(int surge) {
		return new Rollout(generation(), isRollback(), this.replaced, this.oldWorkers, surge, this.startedAt,
				this.target.release());
	}

	private RolloutOutcome outcome(RolloutOutcome.Result result, String message, Instant now) {
		return new RolloutOutcome(generation(), result, message, this.replaced, Duration.between(this.startedAt, now),
				now, this.target.release(), this.canary.report());
	}

	/**
	 * What an abort means.
	 *
	 * @param stop the replacements still booting, to stop
	 * @param stopReason why, for their stop line
	 * @param restore the launch to go back to, or {@code null} to keep the current one
	 * @param rollback the rollback that follows, or {@code null} when the rollout ends
	 * @param outcome how it ended, for the status
	 * @param future the caller's future
	 * @param failure the caller's failure, or {@code null} while a rollback runs
	 */
	record Aborted(List<Integer> stop, String stopReason, @Nullable LaunchSpec restore,
			@Nullable RollingRestart rollback, RolloutOutcome outcome, CompletableFuture<RestartResult> future,
			@Nullable String failure) {

		Aborted {
			stop = List.copyOf(stop);
		}

		/** Answer the caller, once the status that shows the outcome is published, if it has ended. */
		void answer() {
			if (this.failure != null) {
				this.future.completeExceptionally(new RestartAbortedException(this.failure));
			}
		}

	}

}
