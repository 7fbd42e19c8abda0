package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseSource;
import org.jspecify.annotations.Nullable;

/**
 * What the pool launches and has launched: the current {@link LaunchSpec} (generation,
 * environment, release) that each new worker is {@linkplain #launch launched} with, the
 * highest generation ever started (a restart after an aborted one gets a new number), the
 * release the pool ran before the last rollout that changed it (the rollback target) and
 * that rollout's outcome, and the rolling restart that runs between two launches. A
 * rolling restart {@linkplain #begin begins} a new launch; an aborted one
 * {@linkplain #aborted restores} the one before, whole; a finished one keeps the releases
 * in use and prunes the others. Only the supervisor thread changes it, except
 * {@link #prepare}, which prepares a restart's release off that thread.
 *
 * @author cluster-master
 */
final class Launches {

	/** Where it reports what it decides. */
	private final Consumer<SupervisorEvent> events;

	private final ReleaseSource releases;

	private LaunchSpec current;

	private int highestGeneration;

	private @Nullable Release previousRelease;

	private @Nullable RolloutOutcome lastRollout;

	/** The rolling restart onto {@link #current}, or {@code null} while none runs. */
	private @Nullable RollingRestart rollout;

	/** Restarts whose release is being prepared: fresh statuses wait for them to be posted. */
	private final AtomicReference<CompletableFuture<?>> preparing = new AtomicReference<>(
			CompletableFuture.completedFuture(null));

	/**
	 * The launches of a pool.
	 * @param first what the first workers launch
	 * @param releases prepares the release each rolling restart rolls onto
	 */
	Launches(LaunchSpec first, ReleaseSource releases) {
		this(first, releases, SupervisorLog::log);
	}

	Launches(LaunchSpec first, ReleaseSource releases, Consumer<SupervisorEvent> events) {
		this.events = events;
		this.current = first;
		this.highestGeneration = first.generation();
		this.releases = releases;
	}

	/**
	 * What a new worker launches now.
	 * @return the launch
	 */
	LaunchSpec current() {
		return this.current;
	}

	/**
	 * The rolling restart (or rollback) that runs now.
	 * @return the rollout, or {@code null} while none runs
	 */
	@Nullable RollingRestart rollout() {
		return this.rollout;
	}

	/**
	 * The release the pool ran before the last rollout that changed it.
	 * @return the rollback target, or {@code null}
	 */
	@Nullable Release previousRelease() {
		return this.previousRelease;
	}

	/**
	 * The outcome of the last rollout that ended.
	 * @return the outcome, or {@code null} before any
	 */
	@Nullable RolloutOutcome lastRollout() {
		return this.lastRollout;
	}

	/**
	 * Launch a worker of the current launch (a spare's environment marked as a spare's, see
	 * {@link Spares#env}) and report it, or report that it could not be started.
	 * @param launcher starts the process
	 * @param id its id, never used before
	 * @param slot its slot, -1 for a spare
	 * @param spare whether it is a hot spare
	 * @param restarts how many workers in a row crashed in its place
	 * @param now the time
	 * @return its handle, starting, or {@code null} when the process could not be started
	 */
	@Nullable WorkerHandle launch(WorkerLauncher launcher, int id, int slot, boolean spare, int restarts,
			Instant now) {
		LaunchSpec launch = this.current;
		WorkerProcess process;
		try {
			process = launcher.launch(id, slot, launch.generation(), spare ? Spares.env(launch.env()) : launch.env(),
					launch.release());
		}
		catch (Exception ex) {
			this.events.accept(new SupervisorEvent.WorkerStartFailed(id, ex));
			return null;
		}
		WorkerHandle worker = new WorkerHandle(id, slot, launch.generation(), launch.release(), process, now,
				restarts, this.events);
		if (spare) {
			worker.becomeSpare();
		}
		this.events.accept(new SupervisorEvent.WorkerStarted(worker.who(), worker.generation, slot, process.launchNote()));
		return worker;
	}

	/**
	 * Prepare the release at the deploy path off the caller's thread, then begin the
	 * restart with it; a release that cannot be prepared refuses the restart (its future
	 * fails with the cause) before any worker is touched. Until it is posted, the
	 * restart is {@linkplain #prepared() being prepared}.
	 * @param <T> the restart's result
	 * @param begin begins the restart with the prepared release ({@code null} without one)
	 * @return the restart's result
	 */
	<T> CompletableFuture<T> prepare(Function<@Nullable Release, CompletableFuture<T>> begin) {
		CompletableFuture<T> result = new CompletableFuture<>();
		CompletableFuture<@Nullable Void> posted = this.releases.prepare().handle((release, ex) -> {
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				this.events.accept(new SupervisorEvent.RolloutRefused(String.valueOf(cause.getMessage())));
				result.completeExceptionally(cause);
			}
			else {
				begin.apply(release).whenComplete((restart, failure) -> {
					if (failure != null) {
						result.completeExceptionally(failure);
					}
					else {
						result.complete(restart);
					}
				});
			}
			return null;
		});
		this.preparing.accumulateAndGet(posted,
				(previous, next) -> previous.isDone() ? next : CompletableFuture.allOf(previous, next));
		return result;
	}

	/**
	 * Completes once every restart being prepared is posted to the supervisor (accepted
	 * or refused), successfully or not.
	 * @return the future
	 */
	CompletableFuture<?> prepared() {
		return this.preparing.get();
	}

	/**
	 * Start the launch of a rolling restart's new generation, with a number never used.
	 * @param env its environment, or {@code null} to keep the current one's
	 * @param release its release, or {@code null} to keep the current one's
	 * @return the launch it replaces
	 */
	LaunchSpec next(@Nullable Map<String, String> env, @Nullable Release release) {
		LaunchSpec previous = this.current;
		this.current = previous.next(++this.highestGeneration, env, release);
		return previous;
	}

	/**
	 * Begin a rolling restart onto a new launch (see {@link #next}).
	 * @param env the new environment, or {@code null} to keep the current one
	 * @param release the new release, or {@code null} to keep the current one
	 * @param oldWorkers how many live workers it replaces
	 * @param requester the worker that waits to answer it and is stopped last, or 0
	 * @param now the time
	 * @param settings how long a replacement is on probation, and the canary policy
	 * @param caller completed with the outcome
	 * @return the rollout, running from now on
	 * @throws IllegalStateException when a rollout runs already
	 */
	RollingRestart begin(@Nullable Map<String, String> env, @Nullable Release release, int oldWorkers, int requester,
			Instant now, SupervisorSettings settings, CompletableFuture<RestartResult> caller) {
		RollingRestart running = this.rollout;
		if (running != null) {
			throw new IllegalStateException("A rolling restart is already running (" + running.progress() + ")");
		}
		LaunchSpec previous = next(env, release);
		RollingRestart started = new RollingRestart(previous, this.current, oldWorkers, now, settings.minRestartAge(),
				caller, requester, settings.canary(), this.events);
		this.rollout = started;
		return started;
	}

	/**
	 * The running rollout finished (see {@link #finished(RolloutOutcome, Release)}); none
	 * runs any more.
	 * @param finish its last step
	 */
	void finished(RolloutStep.Finish finish) {
		this.rollout = null;
		finished(finish.outcome(), finish.rollbackTarget());
	}

	/**
	 * The running rollout was aborted (or abandoned): the launch before it comes back whole
	 * (see {@link #aborted(RolloutOutcome, LaunchSpec)}) and its rollback, if any, runs now.
	 * @param aborted what its abort means
	 */
	void aborted(RollingRestart.Aborted aborted) {
		this.rollout = aborted.rollback();
		aborted(aborted.outcome(), aborted.restore());
	}

	/**
	 * A rollout was aborted (or abandoned): the launch before it comes back whole.
	 * @param outcome its outcome
	 * @param restore the launch to restore, or {@code null} to keep the current one
	 */
	void aborted(RolloutOutcome outcome, @Nullable LaunchSpec restore) {
		if (restore != null) {
			this.current = restore;
		}
		this.lastRollout = outcome;
	}

	/**
	 * A rollout finished: keep the release workers run now and the rollback target, and
	 * prune the others.
	 * @param outcome its outcome
	 * @param rollbackTarget the release it rolled from, or {@code null} when it did not
	 * change the release
	 */
	void finished(RolloutOutcome outcome, @Nullable Release rollbackTarget) {
		if (rollbackTarget != null) {
			this.previousRelease = rollbackTarget;
		}
		this.lastRollout = outcome;
		List<Release> kept = new ArrayList<>();
		Release release = this.current.release();
		if (release != null) {
			kept.add(release);
		}
		if (this.previousRelease != null && !Release.same(this.previousRelease, release)) {
			kept.add(this.previousRelease);
		}
		if (!kept.isEmpty()) {
			this.releases.retain(kept);
		}
	}

}
