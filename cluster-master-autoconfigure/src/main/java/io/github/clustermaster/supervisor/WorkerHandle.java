package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * The master's view of one worker. Only the supervisor thread reads or changes it. Like
 * puma's {@code worker_handle.rb}, it knows its own deadline (the boot timeout while
 * starting, the heartbeat timeout once ready) and stops itself in steps: ask over IPC,
 * SIGTERM once the shutdown timeout is over, SIGKILL
 * {@link Supervisor#KILL_AFTER_TERMINATE} later.
 *
 * @author cluster-master
 */
final class WorkerHandle {

	/** How long a hung worker is given to write its thread dump before it may be killed. */
	static final Duration THREAD_DUMP_GRACE = Duration.ofSeconds(1);

	final int id;

	/**
	 * Its stable slot, 0 to {@code size - 1}: see {@link WorkerSlots}; -1 for a spare until
	 * it is promoted into the slot of the worker it replaces.
	 */
	int slot;

	/** Whether it is a hot spare, not yet promoted: see {@link Spares}. */
	boolean spare;

	final int generation;

	/** The release it launched, or {@code null} for launches without one. */
	final @Nullable Release release;

	final WorkerProcess process;

	final Instant startedAt;

	WorkerState state = WorkerState.STARTING;

	@Nullable Instant readyAt;

	Instant lastHeartbeat;

	/** What it said of itself with its last heartbeat, or {@code null} before its first. */
	@Nullable WorkerStats stats;

	/** Why it is being recycled: it is stopped once its replacement is ready. */
	@Nullable String recycling;

	@Nullable WorkerLink link;

	@Nullable String stopReason;

	/** Why the supervisor killed it as faulty (hung, too slow to boot); counts as a crash. */
	@Nullable String fault;

	/**
	 * When it was found hung (no heartbeat within the heartbeat timeout): it is killed once
	 * its replacement is ready, its thread dump written by then.
	 */
	@Nullable Instant hungSince;

	/** How many workers in a row crashed in its place before it was started. */
	final int restarts;

	/** How far stopping it has gone; {@code null} until it is stopped. */
	private @Nullable Escalation escalation;

	private @Nullable Instant stopRequestedAt;

	/** Where it reports what it does. */
	private final Consumer<SupervisorEvent> events;

	WorkerHandle(int id, int generation, @Nullable Release release, WorkerProcess process, Instant startedAt,
			int restarts) {
		this(id, 0, generation, release, process, startedAt, restarts);
	}

	WorkerHandle(int id, int slot, int generation, @Nullable Release release, WorkerProcess process,
			Instant startedAt, int restarts) {
		this(id, slot, generation, release, process, startedAt, restarts, SupervisorLog::log);
	}

	WorkerHandle(int id, int slot, int generation, @Nullable Release release, WorkerProcess process,
			Instant startedAt, int restarts, Consumer<SupervisorEvent> events) {
		this.events = events;
		this.id = id;
		this.slot = slot;
		this.generation = generation;
		this.release = release;
		this.process = process;
		this.startedAt = startedAt;
		this.lastHeartbeat = startedAt;
		this.restarts = restarts;
	}

	boolean isLive() {
		return this.state == WorkerState.STARTING || this.state == WorkerState.READY;
	}

	Duration age(Instant now) {
		return Duration.between(this.startedAt, now);
	}

	/**
	 * The worker connected (again): ask it over its new link if it was asked to stop and
	 * has not been signalled yet.
	 * @param link the way to it
	 * @param now the time it connected
	 */
	void connected(WorkerLink link, Instant now) {
		this.link = link;
		this.lastHeartbeat = now;
		if (this.escalation == Escalation.ASKED) {
			link.requestShutdown();
		}
	}

	/**
	 * The worker reported ready: its probation and heartbeat timeout start now, its
	 * process is told (e.g. to build a class-data archive once the first is ready), and
	 * the log says how long it took.
	 * @param now the time
	 * @return whether it was starting, and is ready now
	 */
	boolean ready(Instant now) {
		if (this.state != WorkerState.STARTING) {
			return false;
		}
		this.state = WorkerState.READY;
		this.readyAt = now;
		this.lastHeartbeat = now;
		this.process.ready();
		this.events.accept(new SupervisorEvent.WorkerReady(who(), this.generation, age(now)));
		return true;
	}

	/**
	 * The worker sent a heartbeat.
	 * @param now the time
	 * @param stats what it said of itself, or {@code null}
	 */
	void heartbeat(Instant now, @Nullable WorkerStats stats) {
		this.lastHeartbeat = now;
		if (stats != null) {
			this.stats = stats;
		}
	}

	/** Its link closed: it can no longer be asked, only signalled. */
	void disconnected() {
		this.link = null;
	}

	/**
	 * It is held as a hot spare: it does not accept from the shared socket until it is
	 * {@linkplain #promote promoted}.
	 */
	void becomeSpare() {
		this.spare = true;
	}

	/**
	 * Promote a ready spare: it is told to accept from the shared socket and takes the
	 * slot of the worker it replaces.
	 * @param slot its slot from now on
	 * @return whether it could be told; a spare that could not stays a spare
	 */
	boolean promote(int slot) {
		WorkerLink link = this.link;
		if (!this.spare || this.state != WorkerState.READY || link == null || !link.promote(slot)) {
			return false;
		}
		this.spare = false;
		this.slot = slot;
		return true;
	}

	/**
	 * Mark it for recycling: it serves on until its replacement is ready.
	 * @param reason why
	 */
	void recycle(String reason) {
		this.recycling = reason;
	}

	/** Keep it after all: a rolling restart replaces it anyway. */
	void keep() {
		this.recycling = null;
	}

	/**
	 * The supervisor kills it as faulty (too slow to boot): its exit is a crash.
	 * @param fault what is wrong with it
	 */
	void faulty(String fault) {
		this.fault = fault;
	}

	/**
	 * Its process ended.
	 * @return the state it was in
	 */
	WorkerState exited() {
		WorkerState last = this.state;
		this.state = WorkerState.EXITED;
		return last;
	}

	/**
	 * The time after which the worker is overdue: while starting, its boot timeout; once
	 * ready, its heartbeat timeout; while stopping, its next signal; {@link Instant#MAX}
	 * once killed.
	 * @param settings the timeouts
	 * @return the deadline
	 */
	Instant deadline(SupervisorSettings settings) {
		return switch (this.state) {
			case STARTING -> this.startedAt.plus(settings.bootTimeout());
			case READY -> this.lastHeartbeat.plus(settings.heartbeatTimeout());
			case SPARE, STOPPING, EXITED -> stopDeadline(settings);
		};
	}

	/**
	 * What is wrong with a worker past its {@link #deadline}: one that is starting missed
	 * its boot timeout; one that is ready sent no heartbeat within the heartbeat timeout
	 * (stopped with SIGSTOP, deadlocked, its heartbeat thread starved: it is hung).
	 * @param now the time
	 * @param settings the timeouts
	 * @return what is wrong, or {@code null} when it is not overdue or is stopping
	 */
	@Nullable String overdue(Instant now, SupervisorSettings settings) {
		if (!now.isAfter(deadline(settings))) {
			return null;
		}
		return switch (this.state) {
			case STARTING -> "it missed its boot timeout of " + Sentences.seconds(settings.bootTimeout());
			case READY -> "it sent no heartbeat for " + Sentences.seconds(settings.heartbeatTimeout());
			case SPARE, STOPPING, EXITED -> null;
		};
	}

	private Instant stopDeadline(SupervisorSettings settings) {
		Escalation escalation = this.escalation;
		Instant requestedAt = this.stopRequestedAt;
		if (escalation == null || requestedAt == null || escalation == Escalation.KILLED) {
			return Instant.MAX;
		}
		// SIGKILL is due a fixed time after the shutdown timeout, however early SIGTERM came.
		Instant terminateAt = requestedAt.plus(settings.shutdownTimeout());
		return (escalation == Escalation.ASKED) ? terminateAt : terminateAt.plus(Supervisor.KILL_AFTER_TERMINATE);
	}

	/**
	 * Ask the worker to stop gracefully: over its link, or with SIGTERM when it cannot be
	 * asked. Does nothing unless it is live.
	 * @param now the time
	 * @param reason why, for the log and for telling an expected exit from a crash
	 */
	void stop(Instant now, String reason) {
		if (!isLive()) {
			return;
		}
		this.state = WorkerState.STOPPING;
		this.stopRequestedAt = now;
		this.stopReason = reason;
		this.escalation = Escalation.ASKED;
		WorkerLink link = this.link;
		this.events.accept(new SupervisorEvent.WorkerStopping(who(), reason));
		if (link == null || !link.requestShutdown()) {
			terminate();
		}
	}

	/**
	 * Send the next signal to a stopping worker that is past its {@link #deadline}:
	 * SIGTERM to one that was asked, SIGKILL to one that got SIGTERM. Does nothing
	 * otherwise.
	 * @param now the time
	 * @param settings the timeouts
	 */
	void escalate(Instant now, SupervisorSettings settings) {
		if (this.state != WorkerState.STOPPING || !now.isAfter(deadline(settings))) {
			return;
		}
		if (this.escalation == Escalation.ASKED) {
			this.events.accept(new SupervisorEvent.WorkerTerminated(who(), settings.shutdownTimeout()));
			terminate();
		}
		else {
			kill("it ignored SIGTERM for " + Sentences.seconds(Supervisor.KILL_AFTER_TERMINATE));
		}
	}

	/**
	 * Check its deadline on a pass of the loop, as puma's handle is on each check: past its
	 * {@link #deadline}, one that boots (or any spare: it serves nothing, so there is nothing
	 * to wait for) is killed as faulty, and a ready one is {@linkplain #hung hung}; a hung
	 * one is killed once replaced; a stopping one gets its next signal when it is due.
	 * @param now the time
	 * @param settings the timeouts
	 * @param replaced whether the pool has {@code size} ready workers without it
	 * @param quitting whether the master quits
	 * @param lost told what happened when it is lost to the pool (found hung, or killed as
	 * faulty: told before the kill), so that a rollout whose replacement it is may abort
	 */
	void checkDeadline(Instant now, SupervisorSettings settings, boolean replaced, boolean quitting,
			Consumer<String> lost) {
		String overdue = overdue(now, settings);
		if (overdue != null && (this.state == WorkerState.STARTING || this.spare)) {
			faulty(overdue);
			lost.accept(this + " was killed because " + overdue);
			kill(overdue);
		}
		else if (overdue != null) {
			// Hung: replaced at once, killed once replaced.
			hung(now, overdue);
			lost.accept(this + " is hung: " + overdue);
		}
		else if (this.hungSince != null) {
			killOnceReplaced(now, replaced, quitting, settings);
		}
		else {
			escalate(now, settings);
		}
	}

	/**
	 * Take a hung worker out of the pool (no longer live: it is replaced) without killing
	 * it yet, and ask it for a thread dump.
	 * @param now the time
	 * @param fault what is wrong with it
	 * @return whether the thread dump was asked for
	 */
	boolean hung(Instant now, String fault) {
		this.fault = fault;
		this.hungSince = now;
		this.state = WorkerState.STOPPING;
		this.stopReason = fault;
		boolean dumped = this.process.dumpThreads();
		this.events.accept(new SupervisorEvent.WorkerHung(who(), fault, dumped));
		return dumped;
	}

	/**
	 * Kill a hung worker once its thread dump had time to be written and it is replaced
	 * (or the master quits), at the latest after the boot timeout.
	 * @param now the time
	 * @param replaced whether the pool has {@code size} ready workers without it
	 * @param quitting whether the master quits
	 * @param settings the boot timeout
	 */
	void killOnceReplaced(Instant now, boolean replaced, boolean quitting, SupervisorSettings settings) {
		Instant hungSince = this.hungSince;
		if (killedByMaster() || hungSince == null || now.isBefore(hungSince.plus(THREAD_DUMP_GRACE))) {
			return;
		}
		if (quitting || replaced || now.isAfter(hungSince.plus(settings.bootTimeout()))) {
			kill(this.fault + (replaced ? "; its replacement is ready" : ""));
		}
	}

	/**
	 * Whether the master sent this worker SIGKILL.
	 * @return whether it did
	 */
	boolean killedByMaster() {
		return this.escalation == Escalation.KILLED;
	}

	/**
	 * Kill the worker with SIGKILL, once.
	 * @param reason why, for the log and for telling an expected exit from a crash
	 */
	void kill(String reason) {
		if (this.escalation == Escalation.KILLED) {
			return;
		}
		this.events.accept(new SupervisorEvent.WorkerKilled(who(), reason));
		this.state = WorkerState.STOPPING;
		this.stopReason = reason;
		this.escalation = Escalation.KILLED;
		this.process.kill();
	}

	/**
	 * Kill its process when the supervisor itself fails: nothing is logged or changed, and
	 * nothing is thrown, so that every worker is tried (no orphans, as far as it goes).
	 */
	void killAsLastResort() {
		try {
			this.process.kill();
		}
		catch (Throwable ignored) {
			// The next worker is tried all the same.
		}
	}

	private void terminate() {
		this.escalation = Escalation.TERMINATED;
		this.process.terminate();
	}

	/**
	 * The worker as a decider sees it.
	 * @return the view
	 */
	PoolView.Member member() {
		return new PoolView.Member(this.id, this.generation, this.state, this.readyAt,
				(this.stats != null) ? this.stats.outcomes() : null);
	}

	WorkerInfo info(Instant now) {
		WorkerState state = (this.spare && this.state == WorkerState.READY) ? WorkerState.SPARE : this.state;
		return new WorkerInfo(this.id, this.slot, this.process.pid(), state, this.generation, age(now), this.restarts,
				this.release, this.stats, this.lastHeartbeat, this.recycling);
	}

	@Override
	public String toString() {
		return who().toString();
	}

	/**
	 * The worker as an event names it.
	 * @return the worker
	 */
	SupervisorEvent.Worker who() {
		return new SupervisorEvent.Worker(this.id, this.process.pid(), this.spare);
	}

	/**
	 * Report an event of this worker's where its own are reported.
	 * @param event the event
	 */
	void report(SupervisorEvent event) {
		this.events.accept(event);
	}

	/**
	 * The steps of stopping a worker, each stronger than the one before.
	 */
	private enum Escalation {

		/** Asked over IPC to drain and exit. */
		ASKED,

		/** Sent SIGTERM. */
		TERMINATED,

		/** Sent SIGKILL; nothing stronger is left. */
		KILLED

	}

}
