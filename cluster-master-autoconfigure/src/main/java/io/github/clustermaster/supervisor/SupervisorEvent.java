package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to the pool, reported by the supervisor as a value (as OTP's
 * supervisor reports with {@code ?report_error(#{label => …, report => […]})}):
 * {@link SupervisorLog} renders each one to the master's log line, and listeners given
 * to {@link Supervisor#addEventListener} get them as they are, for example the event log
 * of {@code cluster.master.event-log}. Each has a stable kebab-case {@link #event() name}
 * and flat {@link #fields() fields} (documented in {@code docs/events.md}).
 *
 * @author cluster-master
 */
public sealed interface SupervisorEvent {

	/**
	 * Its stable name, its record's name in kebab case: {@code worker-ready} for
	 * {@link WorkerReady}. The event log names it so; a record is not renamed without a
	 * note in {@code docs/events.md}, which lists every name (checked by a test).
	 * @return the name
	 */
	default String event() {
		return getClass().getSimpleName().replaceAll("(?<!^)(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
	}

	/**
	 * Its fields, in order, without the ones it has no value for: numbers (durations in
	 * milliseconds, named {@code …Ms}), booleans and strings.
	 * @return the fields
	 */
	Map<String, Object> fields();

	/**
	 * The fields of an event from names and values; a {@code null} value leaves its name
	 * out, a duration is written as its milliseconds, a release as its text.
	 */
	private static Map<String, Object> fields(@Nullable Object... namesAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			Object value = namesAndValues[i + 1];
			if (value instanceof Worker worker) {
				fields.put("worker", worker.id());
				fields.put("pid", worker.pid());
				fields.put("spare", worker.spare());
			}
			else if (value instanceof Duration duration) {
				fields.put(String.valueOf(namesAndValues[i]), duration.toMillis());
			}
			else if (value instanceof Release) {
				fields.put(String.valueOf(namesAndValues[i]), value.toString());
			}
			else if (value != null) {
				fields.put(String.valueOf(namesAndValues[i]), value);
			}
		}
		return fields;
	}

	/**
	 * A worker as an event names it.
	 *
	 * @param id its id
	 * @param pid its process id
	 * @param spare whether it is a hot spare, not yet promoted
	 */
	record Worker(int id, long pid, boolean spare) {

		@Override
		public String toString() {
			return (this.spare ? "Spare worker " : "Worker ") + this.id + " (pid " + this.pid + ")";
		}

	}

	/**
	 * A worker was started.
	 *
	 * @param worker the worker
	 * @param generation its generation
	 * @param slot its slot, -1 for a spare
	 * @param note how it boots, from its launcher ({@code , release 3f2a…, boots with
	 * CDS}), or empty
	 */
	record WorkerStarted(Worker worker, int generation, int slot, String note) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "generation", this.generation, "slot",
					(this.slot >= 0) ? this.slot : null, "boot", this.note.isEmpty() ? null : this.note.substring(2));
		}

	}

	/**
	 * A worker could not be started: its launcher failed.
	 *
	 * @param worker the id it was to have
	 * @param error why
	 */
	record WorkerStartFailed(int worker, Exception error) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "error", String.valueOf(this.error.getMessage()));
		}

	}

	/**
	 * A worker reported ready.
	 *
	 * @param worker the worker
	 * @param generation its generation
	 * @param after how long after its start
	 */
	record WorkerReady(Worker worker, int generation, Duration after) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "generation", this.generation, "afterMs", this.after);
		}

	}

	/**
	 * A worker is asked to stop gracefully.
	 *
	 * @param worker the worker
	 * @param reason why
	 */
	record WorkerStopping(Worker worker, String reason) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "reason", this.reason);
		}

	}

	/**
	 * A stopping worker did not stop within the shutdown timeout and gets SIGTERM.
	 *
	 * @param worker the worker
	 * @param shutdownTimeout the timeout it missed
	 */
	record WorkerTerminated(Worker worker, Duration shutdownTimeout) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "shutdownTimeoutMs", this.shutdownTimeout);
		}

	}

	/**
	 * A worker gets SIGKILL.
	 *
	 * @param worker the worker
	 * @param reason why
	 */
	record WorkerKilled(Worker worker, String reason) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "reason", this.reason);
		}

	}

	/**
	 * A ready worker missed its heartbeat: it is replaced now and killed once replaced.
	 *
	 * @param worker the worker
	 * @param fault what is wrong with it
	 * @param threadDump whether it was asked for a thread dump
	 */
	record WorkerHung(Worker worker, String fault, boolean threadDump) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "fault", this.fault, "threadDump", this.threadDump);
		}

	}

	/**
	 * A worker is to be recycled: it serves on until its replacement is ready.
	 *
	 * @param worker the worker
	 * @param reason why
	 */
	record WorkerRecycling(Worker worker, String reason) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "reason", this.reason);
		}

	}

	/**
	 * A worker's process ended, classified once (see {@link WorkerExit}).
	 *
	 * @param worker the worker
	 * @param generation its generation
	 * @param kind what kind of exit it was
	 * @param code its exit code
	 * @param after how long after its start
	 * @param reason why: the stop asked for, or the crash in words
	 * @param young whether it died young (a crash before ready, or under the minimum
	 * restart age)
	 * @param last the state it was in
	 * @param commandLine its command line, for a worker that did not boot
	 * @param stats what it said of itself with its last heartbeat, or {@code null}
	 */
	record WorkerExited(Worker worker, int generation, ExitKind kind, int code, Duration after, String reason,
			boolean young, WorkerState last, String commandLine, @Nullable WorkerStats stats)
			implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			boolean signalled = this.code > 128 && this.code <= 128 + 64;
			return SupervisorEvent.fields("worker", this.worker, "generation", this.generation, "kind",
					this.kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), "code", this.code, "signal",
					signalled ? this.code - 128 : null, "afterMs", this.after, "reason", this.reason, "young",
					this.young, "requests", (this.stats != null) ? this.stats.requests() : null);
		}

	}

	/**
	 * What kind of exit a worker's was.
	 */
	enum ExitKind {

		/** Asked for: a stop, a quit. */
		EXPECTED,

		/** Killed for missing its boot timeout. */
		MISSED_BOOT,

		/** Died before it was ready. */
		FAILED_BOOT,

		/** Died, or was killed as faulty, once ready. */
		CRASHED

	}

	/**
	 * A worker that connected is not one of this master's, and is asked to stop.
	 *
	 * @param worker the id it gave
	 * @param pid its process id
	 */
	record WorkerUnknown(int worker, long pid) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "pid", this.pid);
		}

	}

	/**
	 * A hot spare was promoted into the pool: it accepts from now on.
	 *
	 * @param worker the worker, now one of the pool
	 * @param slot the slot it took
	 * @param ready how many workers of the pool are ready
	 * @param size how many the pool wants
	 */
	record SparePromoted(Worker worker, int slot, int ready, int size) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "slot", this.slot, "ready", this.ready, "size",
					this.size);
		}

	}

	/**
	 * The pool was resized by a command.
	 *
	 * @param from the size it had
	 * @param to the size it has
	 */
	record PoolResized(int from, int to) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("from", this.from, "to", this.to);
		}

	}

	/**
	 * The autoscaler resized the pool.
	 *
	 * @param from the size it had
	 * @param to the size it has
	 * @param reason why
	 */
	record PoolAutoscaled(int from, int to, String reason) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("from", this.from, "to", this.to, "reason", this.reason);
		}

	}

	/**
	 * A rolling restart (or a rollback) started.
	 *
	 * @param generation the generation it rolls onto
	 * @param replacing how many workers it replaces
	 * @param surge how many replacements may boot at once after the first
	 * @param env the names of the new environment it was asked for, or {@code null}
	 * @param release the release it rolls onto, or {@code null} for the current one
	 * @param sameRelease whether that release is the one the pool runs
	 * @param requester the worker that relayed the request and is stopped last, or 0
	 */
	record RolloutStarted(int generation, int replacing, int surge, @Nullable Collection<String> env,
			@Nullable Release release, boolean sameRelease, int requester) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("generation", this.generation, "replacing", this.replacing, "surge",
					this.surge, "env", (this.env != null) ? List.copyOf(this.env) : null, "release", this.release,
					"requester", (this.requester != 0) ? this.requester : null);
		}

	}

	/**
	 * A rolling restart, or the rollback of an aborted one, is done.
	 *
	 * @param generation the generation the pool runs now
	 * @param rollback whether it was a rollback
	 * @param replaced how many workers it replaced
	 * @param took how long it took
	 * @param release the release the pool runs now, or {@code null}
	 * @param canary what the canary analysis found, or {@code null} without one
	 */
	record RolloutDone(int generation, boolean rollback, int replaced, Duration took, @Nullable Release release,
			@Nullable CanaryReport canary) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			CanaryReport canary = this.canary;
			return SupervisorEvent.fields("generation", this.generation, "rollback", this.rollback, "replaced",
					this.replaced, "tookMs", this.took, "release", this.release, "canary",
					(canary != null) ? canary.verdict().name() : null, "canarySummary",
					(canary != null) ? canary.summary() : null);
		}

	}

	/**
	 * A rolling restart, or a rollback, was aborted.
	 *
	 * @param generation the generation it was rolling onto
	 * @param rollback whether it was a rollback
	 * @param reason why
	 * @param replaced how many workers of its generation were serving
	 * @param rollingBack whether those are rolled back now (a rollback follows)
	 * @param previousGeneration the generation they are rolled back to
	 */
	record RolloutAborted(int generation, boolean rollback, String reason, int replaced, boolean rollingBack,
			int previousGeneration) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("generation", this.generation, "rollback", this.rollback, "reason",
					this.reason, "replaced", this.replaced, "rollingBack", this.rollingBack, "previousGeneration",
					this.previousGeneration);
		}

	}

	/**
	 * A rolling restart was refused before any worker was touched: its release could not
	 * be prepared.
	 *
	 * @param reason why
	 */
	record RolloutRefused(String reason) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("reason", this.reason);
		}

	}

	/**
	 * Workers died young in a row: the next respawn waits (danger).
	 *
	 * @param youngDeaths how many in a row
	 * @param minRestartAge the age under which a death is young
	 * @param respawnIn how long until the next respawn
	 */
	record CrashLoopDanger(int youngDeaths, Duration minRestartAge, Duration respawnIn) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("youngDeaths", this.youngDeaths, "minRestartAgeMs", this.minRestartAge,
					"respawnInMs", this.respawnIn);
		}

	}

	/**
	 * Too many crashes within the restart intensity's period: crashed workers are no longer
	 * replaced.
	 *
	 * @param crashes the crashes within the period
	 * @param period the period
	 * @param maxRestarts the most restarts allowed within it
	 * @param last the last crash in words
	 */
	record CrashLoopGaveUp(int crashes, Duration period, int maxRestarts, String last) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("crashes", this.crashes, "periodMs", this.period, "maxRestarts",
					this.maxRestarts, "last", this.last);
		}

	}

	/**
	 * A new worker stayed up for the minimum restart age: out of danger.
	 *
	 * @param minRestartAge that age
	 */
	record CrashLoopCleared(Duration minRestartAge) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("minRestartAgeMs", this.minRestartAge);
		}

	}

	/**
	 * An operator's command (a resize, a restart) made the supervisor respawn crashed
	 * workers again after it had given up.
	 */
	record CrashLoopReset() implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return Map.of();
		}

	}

	/**
	 * Connections waited in the shared accept queue longer than a warning's worth, or no
	 * longer do.
	 *
	 * @param waited how long they have waited, zero once the queue is empty again
	 * @param queued how many wait now
	 */
	record AcceptQueue(Duration waited, int queued) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("waitedMs", this.waited, "queued", this.queued);
		}

	}

	/**
	 * A graceful quit began.
	 *
	 * @param quitDelay how long the workers serve on, refusing new traffic, before they
	 * stop
	 * @param workers how many workers the pool has
	 */
	record Quitting(Duration quitDelay, int workers) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("quitDelayMs", this.quitDelay, "workers", this.workers);
		}

	}

	/**
	 * While quitting, one worker serves the connections waiting in the accept queue while
	 * the others drain.
	 *
	 * @param worker the worker
	 * @param queued how many connections wait now
	 */
	record QuitLastServer(Worker worker, int queued) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("worker", this.worker, "queued", this.queued);
		}

	}

	/**
	 * A hard quit: every worker is killed.
	 *
	 * @param second whether it is a second quit, during a graceful one
	 */
	record QuitHard(boolean second) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("second", this.second);
		}

	}

	/**
	 * The pool has ended: every worker has exited.
	 *
	 * @param exitCode the master's exit code
	 */
	record PoolEnded(int exitCode) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("exitCode", this.exitCode);
		}

	}

	/**
	 * No worker can stay up (crashed workers are no longer replaced and none is ready):
	 * every worker is killed and the master exits.
	 *
	 * @param exitCode the master's exit code
	 */
	record PoolFailed(int exitCode) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("exitCode", this.exitCode);
		}

	}

	/**
	 * The supervisor failed beyond containment: every worker is killed and the master
	 * exits.
	 *
	 * @param exitCode the master's exit code
	 * @param error what failed
	 */
	record SupervisorFailed(int exitCode, Throwable error) implements SupervisorEvent {

		@Override
		public Map<String, Object> fields() {
			return SupervisorEvent.fields("exitCode", this.exitCode, "error", this.error.toString());
		}

	}

}
