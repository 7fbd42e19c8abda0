package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseSource;
import org.jspecify.annotations.Nullable;

import io.github.clustermaster.supervisor.CrashLoop.GiveUp;
import io.github.clustermaster.supervisor.CrashLoop.NoRespawn;
import io.github.clustermaster.supervisor.CrashLoop.Verdict;

/**
 * The one owner of the pool. API calls, process exits, IPC events and timers are posted to
 * a single thread as events; after each batch of events the supervisor reconciles the pool
 * with what is wanted (the gunicorn arbiter's loop: wait, dispatch, kill the hung,
 * reconcile the count). No locks guard pool state because no other thread touches it.
 * Each worker's {@link WorkerHandle} changes its own state, knows its deadlines and
 * escalates its own stop; the policies are deciders the loop asks and whose answer it
 * carries out: a {@link RollingRestart} answers each step of a rollout with a
 * {@link RolloutStep}, a {@link CrashLoop} each crash with a verdict (respawn, and when,
 * or give up), {@link Recycling} the worker to recycle, the {@link Autoscaler} a size,
 * {@link WorkerSlots} a new worker's slot. The rest of the state is in holders of its
 * own: the {@link Pool} and the {@link Spares}, the {@link PoolSize} wanted, the
 * {@link Launches} (what new workers launch, and the rollout between two launches), the
 * {@link Ending} (serving, quitting, ended). What happens is reported as a
 * {@link SupervisorEvent}, which {@link SupervisorLog} logs and listeners may read.
 *
 * @author cluster-master
 */
public final class Supervisor implements WorkerPoolManager, WorkerEvents, AutoCloseable {

	/** How often deadlines are checked when nothing happens. */
	static final Duration TICK = Duration.ofMillis(100);

	/**
	 * The exit code of a master whose supervisor failed beyond containment (EX_SOFTWARE of
	 * {@code sysexits.h}).
	 */
	public static final int EXIT_FAILED = 70;

	/** How long after SIGTERM a stopping worker gets SIGKILL. */
	public static final Duration KILL_AFTER_TERMINATE = Duration.ofSeconds(10);

	private final SupervisorSettings settings;

	private final WorkerLauncher launcher;

	private final InstantSource clock;

	private final EventQueue events;

	private final Pool pool = new Pool();

	/** Where every event is reported: the log, then the listeners. */
	private final EventListeners reports = new EventListeners();

	private final CrashLoop crashLoop;

	private final Recycling recycling;

	/** How the pool ends: serving, quitting, ended with the master's exit code. */
	private final Ending ending = new Ending(this.reports);

	private final PublishedStatus status;

	/** How many workers the pool wants, and who waits for it. */
	private final PoolSize size;

	/** What new workers launch (generation, environment, release), and launched before. */
	private final Launches launches;

	private int nextId = 1;

	private final AcceptQueueWatch acceptQueue = new AcceptQueueWatch(this.reports);

	private final Spares spares = new Spares();

	private ClusterCounters counters = ClusterCounters.NONE;

	/**
	 * Create a supervisor whose workers launch prepared releases; nothing is spawned before
	 * {@link #start()}.
	 * @param settings the settings
	 * @param launcher starts worker processes
	 * @param env the environment new workers get on top of the master's
	 * @param releases prepares the release each rolling restart rolls onto
	 * @param release the release the first workers launch
	 */
	public Supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env,
			ReleaseSource releases, @Nullable Release release) {
		this(settings, launcher, env, releases, release, InstantSource.system());
	}

	Supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env, ReleaseSource releases,
			@Nullable Release release, InstantSource clock) {
		this.settings = settings;
		this.launcher = launcher;
		this.clock = clock;
		this.size = new PoolSize(settings, this.reports);
		this.launches = new Launches(new LaunchSpec(1, env, release), releases, this.reports);
		this.crashLoop = new CrashLoop(settings.intensity(), settings.minRestartAge(), this.reports);
		this.events = new EventQueue(this.ending.terminated());
		this.recycling = new Recycling(settings.recycle(), settings.minRestartAge());
		this.status = new PublishedStatus(snapshot(clock.instant()));
	}

	/**
	 * Start the supervisor thread, which spawns the initial workers.
	 */
	public void start() {
		this.events.start("cluster-master-supervisor", () -> step(TICK), this::fail);
	}

	/**
	 * What cannot be contained (an {@link Error}: a class that no longer loads, memory
	 * exhausted) ends the pool: a live master that no longer supervises is worse than one
	 * that exits and is restarted by its own supervisor (systemd, Kubernetes).
	 */
	private void fail(Throwable ex) {
		try {
			this.reports.accept(new SupervisorEvent.SupervisorFailed(EXIT_FAILED, ex));
		}
		finally {
			everyWorker().toList().forEach(WorkerHandle::killAsLastResort);
			this.ending.failed(EXIT_FAILED);
		}
	}

	/**
	 * Run the events that are queued, waiting up to {@code wait} for the first one, then
	 * reconcile the pool and publish its status.
	 * @param wait how long to wait for an event
	 * @throws InterruptedException if interrupted while waiting
	 */
	void step(Duration wait) throws InterruptedException {
		this.events.runPending(wait);
		Instant now = this.clock.instant();
		reconcile(now);
		publish(now);
	}

	/**
	 * Publish the pool as it is now. Called before completing a caller's future too, so that
	 * the caller's next {@link #status()} is at least as new as the outcome it was given.
	 */
	private ClusterStatus publish(Instant now) {
		return this.status.publish(snapshot(now));
	}

	/**
	 * Call a listener with every status the supervisor publishes, on the supervisor's
	 * thread, after every step (at least ten times a second): it must be quick and must
	 * not block. Register listeners before {@link #start()}.
	 * @param listener the listener
	 */
	public void addStatusListener(Consumer<ClusterStatus> listener) {
		this.status.addListener(listener);
	}

	/**
	 * Give a listener every {@link SupervisorEvent}, after it is logged, on the thread that
	 * reports it (the supervisor's; for a refused restart, the one that prepared its release):
	 * quick, non-blocking and thread-safe. Register listeners before {@link #start()}.
	 * @param listener the listener
	 */
	public void addEventListener(Consumer<SupervisorEvent> listener) {
		this.reports.add(listener);
	}

	/**
	 * Tell the supervisor how many connections wait in the shared socket's accept queue,
	 * so that a graceful quit serves them before its last worker goes. Set it before
	 * {@link #start()}.
	 * @param acceptQueue the number of waiting connections, or -1 when it is not known
	 */
	public void acceptQueue(IntSupplier acceptQueue) {
		this.acceptQueue.source(acceptQueue);
	}

	/**
	 * Keep that many hot spares beside the pool ({@code cluster.master.spares}): see
	 * {@link Spares}. Set it before {@link #start()}.
	 * @param count the number of spares, 0 or more
	 */
	public void spares(int count) {
		this.spares.wanted(count);
	}

	/**
	 * The future completed with the master's exit code once the pool has ended for good,
	 * after a quit, a hard quit, or when no worker could stay up.
	 * @return the termination future
	 */
	public CompletableFuture<Integer> terminated() {
		return this.ending.terminated();
	}

	@Override
	public ClusterStatus status() {
		return this.status.latest();
	}

	@Override
	public CompletableFuture<ClusterStatus> freshStatus() {
		// After the restarts being prepared: they are accepted or refused by then.
		return this.launches.prepared()
			.handle((result, ex) -> null)
			.thenCompose((ignored) -> this.events.call("status",
					(future) -> future.complete(publish(this.clock.instant()))));
	}

	@Override
	public CompletableFuture<ClusterStatus> resize(int size) {
		RuntimeException refused = this.size.refusal(size);
		return (refused != null) ? CompletableFuture.failedFuture(refused)
				: this.events.call("resize to " + size, (future) -> resizeTo(size, future));
	}

	@Override
	public CompletableFuture<ClusterStatus> resizeBy(int delta, SizeCheck check) {
		return this.events.call("resize by " + delta, (future) -> {
			int size = this.size.by(delta);
			check.check(this.size.wanted(), size);
			this.size.assertAllowed(size);
			resizeTo(size, future);
		});
	}

	private void resizeTo(int size, CompletableFuture<ClusterStatus> future) {
		this.ending.assertServing();
		this.size.resize(size, this.clock.instant(), future);
		this.crashLoop.recover();
	}

	@Override
	public CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env, int requester) {
		Map<String, String> newEnv = (env != null) ? Map.copyOf(env) : null;
		// The release is prepared off this thread and off the supervisor's; a bad one
		// refuses the restart before any worker is touched.
		return this.launches.prepare((release) -> beginRestart(newEnv, release, requester));
	}

	private CompletableFuture<RestartResult> beginRestart(@Nullable Map<String, String> newEnv,
			@Nullable Release newRelease, int requester) {
		return this.events.call("restart", (future) -> {
			this.ending.assertServing();
			WorkerHandle waiting = this.pool.get(requester);
			RollingRestart started = this.launches.begin(newEnv, newRelease, this.pool.live().size(),
					(waiting != null && waiting.isLive()) ? requester : 0, this.clock.instant(), this.settings, future);
			this.crashLoop.recover();
			// The rollout replaces them all: a recycle under way is part of it.
			this.pool.live().forEach(WorkerHandle::keep);
			started.announce(this.size.surge(), newEnv, newRelease);
		});
	}

	@Override
	public CompletableFuture<Integer> quit() {
		return this.events.call("quit", (future) -> {
			if (this.ending.quitGracefully(this.clock.instant(), this.settings, this.pool.count())) {
				abandonPending("the master is quitting");
			}
			else {
				quitHardNow();
			}
			this.ending.answer(future);
		});
	}

	@Override
	public CompletableFuture<Integer> quitHard() {
		return this.events.call("hard quit", (future) -> {
			this.reports.accept(new SupervisorEvent.QuitHard(false));
			quitHardNow();
			this.ending.answer(future);
		});
	}

	private void quitHardNow() {
		this.ending.quitHard(1);
		abandonPending("the master is quitting");
		this.pool.killAll("hard quit");
		this.spares.killAll("hard quit");
	}

	@Override
	public void connected(int id, long pid, WorkerLink link) {
		this.events.post("worker " + id + " connected", () -> {
			WorkerHandle worker = handle(id);
			if (worker == null || worker.process.pid() != pid) {
				this.reports.accept(new SupervisorEvent.WorkerUnknown(id, pid));
				link.requestShutdown();
				return;
			}
			worker.connected(link, this.clock.instant());
		});
	}

	@Override
	public void ready(int id) {
		onWorker(id, "worker " + id + " ready", (worker) -> {
			Instant now = this.clock.instant();
			if (worker.ready(now)) {
				this.counters = this.counters.readied(worker.age(now));
			}
		});
	}

	@Override
	public void heartbeat(int id, @Nullable WorkerStats stats) {
		onWorker(id, "heartbeat of worker " + id, (worker) -> worker.heartbeat(this.clock.instant(), stats));
	}

	@Override
	public void disconnected(int id) {
		onWorker(id, "worker " + id + " disconnected", WorkerHandle::disconnected);
	}

	/** Post what a worker of the pool or a spare reported; nothing happens for another id. */
	private void onWorker(int id, String what, Consumer<WorkerHandle> action) {
		this.events.post(what, () -> {
			WorkerHandle worker = handle(id);
			if (worker != null) {
				action.accept(worker);
			}
		});
	}

	/**
	 * Kill every worker that is left and stop the supervisor thread; waits a few seconds
	 * for the workers to end. Safe to call more than once and from a shutdown hook.
	 */
	@Override
	public void close() {
		if (!this.ending.terminated().isDone()) {
			quitHard();
			try {
				this.ending.terminated().get(KILL_AFTER_TERMINATE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				this.status.destroyWorkers();
			}
		}
		this.events.interrupt();
	}

	private void reconcile(Instant now) {
		if (this.acceptQueue.read(now)) {
			autoscale(now);
		}
		checkDeadlines(now);
		if (this.ending.isQuitting()) {
			if (this.ending.step(this.pool, this.spares, now, this.settings, this.acceptQueue)) {
				publish(now);
				this.ending.end();
			}
			return;
		}
		RollingRestart rollout = this.launches.rollout();
		if (rollout != null) {
			stepRollout(rollout, now);
		}
		else {
			WorkerHandle recycled = this.recycling.recycled(this.pool.all(),
					isWhole() && !this.crashLoop.isDanger(), now);
			List<WorkerHandle> live = this.pool.live();
			live.remove(recycled);
			scale(now, live);
			if (Recycling.stopIfReplaced(recycled, this.pool.all(), this.size.wanted(), now)) {
				this.counters = this.counters.recycled();
			}
		}
		keepSpares(now);
		this.crashLoop.clearDangerIfSurvived(this.pool.all(), now);
		this.size.complete(this::isWhole, () -> publish(now));
	}

	/** Once a second, with the accept queue just read: let the autoscaler resize a steady pool. */
	private void autoscale(Instant now) {
		boolean steady = isSteady() && !this.size.isResizing() && !this.pool.isRecycling();
		this.size.autoscale(now, steady, this.acceptQueue.queued(), this.pool.stats());
	}

	private void checkDeadlines(Instant now) {
		this.spares.checkDeadlines(now, this.settings);
		for (WorkerHandle worker : List.copyOf(this.pool.all())) {
			worker.checkDeadline(now, this.settings, this.pool.ready() >= this.size.wanted(), this.ending.isQuitting(),
					(lost) -> judge(worker, now, lost, false));
		}
	}

	/** Whether the pool has {@code size} workers, every one ready: none booting or stopping. */
	private boolean isWhole() {
		return this.pool.isWhole(this.size.wanted());
	}

	/** Whether the pool is whole, with no rollout and no quit under way. */
	private boolean isSteady() {
		return this.launches.rollout() == null && !this.ending.isQuitting() && isWhole();
	}

	/** Bring the live workers given to {@code size}: stop those of the highest slots, or spawn in surges. */
	private void scale(Instant now, List<WorkerHandle> live) {
		int size = this.size.wanted();
		Pool.stopBeyond(live, size, now);
		WorkerHandle promoted;
		while (live.size() < size && (promoted = promoteSpare(now)) != null) {
			live.add(promoted);
		}
		int booting = (int) live.stream().filter((worker) -> worker.state == WorkerState.STARTING).count();
		for (int missing = size - live.size();
				missing > 0 && booting < this.size.surge() && this.crashLoop.allowsSpawn(now, booting);
				missing--, booting++) {
			WorkerHandle worker = spawn(now, this.crashLoop.restartsOfNextSpawn(), false);
			if (worker == null) {
				break;
			}
			if (this.crashLoop.spawned()) {
				this.counters = this.counters.respawned();
			}
			live.add(worker);
		}
		if (live.size() >= size) {
			this.crashLoop.replacementsDone();
		}
	}

	/**
	 * One step of a rolling restart: ask it what to do, and do it.
	 */
	private void stepRollout(RollingRestart rollout, Instant now) {
		RolloutStep step = rollout.step(view(now), now);
		if (step instanceof RolloutStep.Settle settle) {
			List<WorkerHandle> others = this.pool.live();
			others.remove(this.pool.get(settle.held()));
			scale(now, others);
			step = rollout.settled(settle, view(now), now);
		}
		if (step instanceof RolloutStep.Stop stop) {
			stop.workers().forEach((id) -> this.pool.get(id).stop(now, stop.reason()));
		}
		else if (step instanceof RolloutStep.Spawn spawn) {
			for (int i = 0; i < spawn.count(); i++) {
				WorkerHandle replacement = spawn(now, 0, false);
				if (replacement == null) {
					break;
				}
				rollout.spawned(replacement.id);
			}
		}
		else if (step instanceof RolloutStep.Finish finish) {
			finish(finish, now);
		}
		else if (step instanceof RolloutStep.Abort abort) {
			abort(rollout, abort.reason());
		}
	}

	/**
	 * End a rolling restart whose replacements have all proven themselves: publish its
	 * outcome, answer its caller (a rollback's is the aborted restart's, which fails with
	 * the reason), then stop the worker that waited to answer it.
	 */
	private void finish(RolloutStep.Finish finish, Instant now) {
		this.launches.finished(finish);
		if (finish.restarted()) {
			this.counters = this.counters.restarted();
		}
		publish(now);
		finish.answer();
		WorkerHandle requester = this.pool.get(finish.requester());
		if (requester != null) {
			// After the answer: it is written to the worker's link before this stop request.
			requester.stop(now, finish.requesterStop());
		}
	}

	/**
	 * Abort a rolling restart: the launch before it comes back, the replacements still
	 * booting are stopped, and those already serving are rolled back (see
	 * {@link RollingRestart#abort}).
	 */
	private void abort(RollingRestart rollout, String why) {
		Instant now = this.clock.instant();
		RollingRestart.Aborted aborted = rollout.abort(why, view(now), now);
		aborted.stop().forEach((id) -> this.pool.get(id).stop(now, aborted.stopReason()));
		end(aborted, now);
		RollingRestart rollback = this.launches.rollout();
		if (rollback != null && rollback != rollout) {
			// Its first step at once, not at the loop's next pass: a worker of the release
			// the canary found failing stops serving a tick sooner.
			stepRollout(rollback, now);
		}
	}

	private void end(RollingRestart.Aborted aborted, Instant now) {
		this.launches.aborted(aborted);
		if (aborted.rollback() == null) {
			// The caller's next status is at least as new as the outcome it is given.
			publish(now);
			aborted.answer();
		}
	}

	/**
	 * Tell a running rollout that a worker is lost: its process ended, or it is killed as
	 * faulty or found hung. The rollout may abort.
	 */
	private void judge(WorkerHandle worker, Instant now, String what, boolean exited) {
		RollingRestart rollout = this.launches.rollout();
		RolloutStep answer = (rollout == null) ? null
				: exited ? rollout.exited(worker.member(), what, now) : rollout.lost(worker.member(), what, now);
		if (answer instanceof RolloutStep.Abort abort) {
			abort(rollout, abort.reason());
		}
	}

	private @Nullable WorkerHandle spawn(Instant now, int restarts, boolean spare) {
		int id = this.nextId++;
		WorkerHandle worker = this.launches.launch(this.launcher, id,
				spare ? -1 : this.pool.nextSlot(this.launches.rollout()), spare, restarts, now);
		if (worker == null) {
			crashed(now, "worker " + id + " could not be started", true);
			return null;
		}
		if (spare) {
			this.spares.add(worker);
		}
		else {
			this.pool.add(worker);
		}
		worker.process.onExit()
			.whenComplete((code, ex) -> this.events.post("exit of " + worker,
					() -> exited(worker, (code != null) ? code : -1)));
		return worker;
	}

	/** Promote a ready spare into the pool in place of a lost worker: it accepts from now on. */
	private @Nullable WorkerHandle promoteSpare(Instant now) {
		WorkerHandle spare = this.spares.promoteInto(this.pool, this.launches.current().generation(),
				this.launches.rollout(), this.size.wanted(), now);
		if (spare != null && this.crashLoop.spawned()) {
			this.counters = this.counters.respawned();
		}
		return spare;
	}

	/**
	 * Stop the spares of an older generation, and boot one more spare while the pool is
	 * steady and has fewer than it wants.
	 */
	private void keepSpares(Instant now) {
		boolean steady = isSteady() && !this.crashLoop.isDanger() && this.crashLoop.allowsSpawn(now);
		if (this.spares.keep(this.launches.current().generation(), steady, now)) {
			spawn(now, 0, true);
		}
	}

	/**
	 * A worker's process ended. A crash of a pool member may abort a rollout and is to be
	 * replaced; a spare that ended unasked counts as a crash too (a release whose spares die
	 * is in a crash loop too), but nothing replaces it but the next spare.
	 */
	private void exited(WorkerHandle worker, int code) {
		boolean member = this.pool.remove(worker);
		if (!member && !this.spares.exited(worker)) {
			return;
		}
		Instant now = this.clock.instant();
		WorkerExit exit = WorkerExit.of(worker, worker.exited(), code, this.ending.isQuitting(), now, this.settings);
		if (exit instanceof WorkerExit.Crash crash) {
			this.counters = this.counters.crashed();
			if (member) {
				judge(worker, now, crash.what(), true);
				this.crashLoop.replacementDue(worker.restarts + 1);
			}
			crashed(now, crash.what(), crash.young());
		}
	}

	/** A crash: respawn (the loop does, when allowed), or give up, or quit when no worker is left up. */
	private void crashed(Instant now, String what, boolean young) {
		Verdict verdict = this.crashLoop.crashed(now, young, what);
		if (verdict instanceof GiveUp) {
			RollingRestart rollout = this.launches.rollout();
			if (rollout != null) {
				abort(rollout, "workers keep crashing");
			}
			if (!quitIfNoWorkerCanStayUp()) {
				this.size.fail("Gave up respawning crashed workers");
			}
		}
		else if (verdict instanceof NoRespawn) {
			// Crashed workers are no longer replaced, so this may have been the last one up.
			quitIfNoWorkerCanStayUp();
		}
	}

	private boolean quitIfNoWorkerCanStayUp() {
		boolean none = this.pool.ready() == 0;
		if (none) {
			this.reports.accept(new SupervisorEvent.PoolFailed(1));
			quitHardNow();
		}
		return none;
	}

	private void abandonPending(String why) {
		this.size.fail(why);
		RollingRestart rollout = this.launches.rollout();
		if (rollout != null) {
			Instant now = this.clock.instant();
			end(rollout.abandon(why, now), now);
		}
	}

	/** A worker of the pool or a spare, by id. */
	private @Nullable WorkerHandle handle(int id) {
		WorkerHandle worker = this.pool.get(id);
		return (worker != null) ? worker : this.spares.get(id);
	}

	/** The pool as a decider sees it. */
	private PoolView view(Instant now) {
		return new PoolView(this.size.wanted(), this.size.surge(), this.crashLoop.allowsSpawn(now),
				this.crashLoop.isDanger(), this.pool.members());
	}

	private ClusterStatus snapshot(Instant now) {
		RollingRestart rollout = this.launches.rollout();
		LaunchSpec launch = this.launches.current();
		return new ClusterStatus(this.size.wanted(), launch.generation(), rollout != null, this.crashLoop.isDanger(),
				this.crashLoop.gaveUp(), this.ending.isQuitting(),
				everyWorker().map((worker) -> worker.info(now)).toList(), this.counters, launch.release(),
				this.launches.previousRelease(), (rollout != null) ? rollout.status(this.size.surge()) : null,
				this.launches.lastRollout(), this.acceptQueue.queued());
	}

	/** The workers of the pool, then the spares. */
	private Stream<WorkerHandle> everyWorker() {
		return Stream.concat(this.pool.all().stream(), this.spares.all().stream());
	}

}
