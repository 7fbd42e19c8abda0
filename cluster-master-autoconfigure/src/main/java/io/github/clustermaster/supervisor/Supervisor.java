package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of the pool. API calls, process exits, IPC events and timers are posted to
 * a single thread as events; after each batch of events the supervisor reconciles the pool
 * with what is wanted (the gunicorn arbiter's loop: wait, dispatch, kill the hung,
 * reconcile the count). No locks guard pool state because no other thread touches it.
 *
 * @author cluster-master
 */
public final class Supervisor implements WorkerPoolManager, WorkerEvents, AutoCloseable {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	/** How often deadlines are checked when nothing happens. */
	static final Duration TICK = Duration.ofMillis(100);

	/** How long after SIGTERM a stopping worker gets SIGKILL. */
	public static final Duration KILL_AFTER_TERMINATE = Duration.ofSeconds(10);

	private final SupervisorSettings settings;

	private final WorkerLauncher launcher;

	private final InstantSource clock;

	private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();

	private final Map<Integer, WorkerHandle> workers = new LinkedHashMap<>();

	private final Deque<Instant> crashes = RestartIntensity.newHistory();

	private final List<PendingResize> resizes = new ArrayList<>();

	private final CompletableFuture<Integer> terminated = new CompletableFuture<>();

	private volatile ClusterStatus status;

	private @Nullable Thread thread;

	private int size;

	private int generation = 1;

	private int nextId = 1;

	private Map<String, String> env;

	private final ReleaseSource releases;

	/** The release new workers launch, like {@link #env} part of a generation's launch. */
	private @Nullable Release release;

	/** Restarts whose release is being prepared: fresh statuses wait for them to be posted. */
	private final AtomicReference<CompletableFuture<?>> preparing = new AtomicReference<>(
			CompletableFuture.completedFuture(null));

	private @Nullable RollingRestart restart;

	private int youngDeaths;

	private @Nullable Instant lastCrash;

	private @Nullable Instant backoffUntil;

	private boolean failed;

	private @Nullable Integer quitCode;

	private ClusterCounters counters = ClusterCounters.NONE;

	/** For each crashed worker not yet replaced: how many crashed in its place before. */
	private final Deque<Integer> respawnsDue = new java.util.ArrayDeque<>();

	/**
	 * Create a supervisor; nothing is spawned before {@link #start()}.
	 * @param settings the settings
	 * @param launcher starts worker processes
	 * @param env the environment new workers get on top of the master's
	 */
	public Supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env) {
		this(settings, launcher, env, ReleaseSource.NONE, null, InstantSource.system());
	}

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

	Supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env, InstantSource clock) {
		this(settings, launcher, env, ReleaseSource.NONE, null, clock);
	}

	Supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env, ReleaseSource releases,
			@Nullable Release release, InstantSource clock) {
		this.settings = settings;
		this.launcher = launcher;
		this.clock = clock;
		this.size = settings.size();
		this.env = Map.copyOf(env);
		this.releases = releases;
		this.release = release;
		this.status = snapshot(clock.instant());
	}

	/**
	 * Start the supervisor thread, which spawns the initial workers.
	 */
	public synchronized void start() {
		if (this.thread == null) {
			Thread thread = new Thread(this::run, "cluster-master-supervisor");
			thread.start();
			this.thread = thread;
		}
	}

	private void run() {
		while (!this.terminated.isDone()) {
			try {
				step(TICK);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.error("Supervisor step failed; carrying on", ex);
			}
		}
	}

	/**
	 * Run the events that are queued, waiting up to {@code wait} for the first one, then
	 * reconcile the pool and publish its status.
	 * @param wait how long to wait for an event
	 * @throws InterruptedException if interrupted while waiting
	 */
	void step(Duration wait) throws InterruptedException {
		Runnable event = this.events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
		while (event != null) {
			event.run();
			event = this.events.poll();
		}
		Instant now = this.clock.instant();
		reconcile(now);
		publish(now);
	}

	/**
	 * Publish the pool as it is now. Called before completing a caller's future too, so that
	 * the caller's next {@link #status()} is at least as new as the outcome it was given.
	 */
	private ClusterStatus publish(Instant now) {
		ClusterStatus status = snapshot(now);
		this.status = status;
		return status;
	}

	/**
	 * The future completed with the master's exit code once the pool has ended for good,
	 * after a quit, a hard quit, or when no worker could stay up.
	 * @return the termination future
	 */
	public CompletableFuture<Integer> terminated() {
		return this.terminated;
	}

	@Override
	public ClusterStatus status() {
		return this.status;
	}

	@Override
	public CompletableFuture<ClusterStatus> freshStatus() {
		// After the restarts being prepared: they are accepted or refused by then.
		return this.preparing.get()
			.handle((result, ex) -> null)
			.thenCompose((ignored) -> call((future) -> future.complete(publish(this.clock.instant()))));
	}

	@Override
	public CompletableFuture<ClusterStatus> resize(int size) {
		if (size < 0) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("size must be 0 or more, was " + size));
		}
		return call((future) -> {
			assertNotQuitting();
			if (size != this.size) {
				logger.info("Resizing the cluster from " + this.size + " to " + size + " workers");
			}
			this.size = size;
			recover();
			this.resizes.add(new PendingResize(size, future));
		});
	}

	@Override
	public CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env) {
		Map<String, String> newEnv = (env != null) ? Map.copyOf(env) : null;
		// The release is prepared off this thread and off the supervisor's; a bad one
		// refuses the restart before any worker is touched.
		CompletableFuture<RestartResult> result = new CompletableFuture<>();
		CompletableFuture<@Nullable Void> posted = this.releases.prepare().handle((release, ex) -> {
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null)
						? ex.getCause() : ex;
				logger.error("Rolling restart refused: " + cause.getMessage());
				result.completeExceptionally(cause);
			}
			else {
				beginRestart(newEnv, release).whenComplete((restart, failure) -> {
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

	private CompletableFuture<RestartResult> beginRestart(@Nullable Map<String, String> newEnv,
			@Nullable Release newRelease) {
		return call((future) -> {
			assertNotQuitting();
			RollingRestart running = this.restart;
			if (running != null) {
				throw new IllegalStateException("A rolling restart is already running (generation " + running.generation
						+ ", " + running.replaced + " of " + running.oldWorkers + " workers replaced)");
			}
			recover();
			Instant now = this.clock.instant();
			int oldWorkers = (int) this.workers.values().stream().filter(WorkerHandle::isLive).count();
			this.restart = new RollingRestart(this.generation + 1, this.generation, this.env, this.release, oldWorkers,
					now, future);
			this.generation++;
			if (newEnv != null) {
				this.env = newEnv;
			}
			Release previousRelease = this.release;
			if (newRelease != null) {
				this.release = newRelease;
			}
			logger.info("Rolling restart to generation " + this.generation + ": replacing " + oldWorkers
					+ " workers one at a time" + ((newEnv != null) ? " with a new environment " + newEnv.keySet() : "")
					+ ((newRelease == null) ? "" : (Release.same(newRelease, previousRelease) ? ", same " : ", onto ")
							+ newRelease));
		});
	}

	@Override
	public CompletableFuture<Integer> quit() {
		return call((future) -> {
			if (this.quitCode != null) {
				logger.warn("Second quit: killing every worker");
				quitHard(this.clock.instant());
			}
			else {
				logger.info("Quitting: stopping " + this.workers.size() + " workers gracefully");
				this.quitCode = 0;
				abandonPending("the master is quitting");
			}
			this.terminated.whenComplete((code, ex) -> future.complete(code));
		});
	}

	@Override
	public CompletableFuture<Integer> quitHard() {
		return call((future) -> {
			logger.warn("Quitting hard: killing every worker");
			quitHard(this.clock.instant());
			this.terminated.whenComplete((code, ex) -> future.complete(code));
		});
	}

	private void quitHard(Instant now) {
		this.quitCode = 1;
		abandonPending("the master is quitting");
		this.workers.values().forEach((worker) -> kill(worker, now, "hard quit"));
	}

	@Override
	public void connected(int id, long pid, WorkerLink link) {
		post(() -> {
			WorkerHandle worker = this.workers.get(id);
			if (worker == null || worker.process.pid() != pid) {
				logger.warn("Worker " + id + " (pid " + pid + ") is not one of this master's; asking it to stop");
				link.requestShutdown();
				return;
			}
			worker.link = link;
			worker.lastHeartbeat = this.clock.instant();
			if (worker.state == WorkerState.STOPPING && !worker.terminated && !worker.killed) {
				link.requestShutdown();
			}
		});
	}

	@Override
	public void ready(int id) {
		post(() -> {
			WorkerHandle worker = this.workers.get(id);
			if (worker != null && worker.state == WorkerState.STARTING) {
				Instant now = this.clock.instant();
				worker.state = WorkerState.READY;
				worker.readyAt = now;
				worker.lastHeartbeat = now;
				this.counters = this.counters.readied(worker.age(now));
				worker.process.ready();
				logger.info("Worker " + id + " (pid " + worker.process.pid() + ") is ready after "
						+ seconds(worker.age(now)) + " (generation " + worker.generation + ")");
			}
		});
	}

	@Override
	public void heartbeat(int id) {
		post(() -> {
			WorkerHandle worker = this.workers.get(id);
			if (worker != null) {
				worker.lastHeartbeat = this.clock.instant();
			}
		});
	}

	@Override
	public void disconnected(int id) {
		post(() -> {
			WorkerHandle worker = this.workers.get(id);
			if (worker != null) {
				worker.link = null;
			}
		});
	}

	/**
	 * Kill every worker that is left and stop the supervisor thread; waits a few seconds
	 * for the workers to end. Safe to call more than once and from a shutdown hook.
	 */
	@Override
	public void close() {
		if (!this.terminated.isDone()) {
			quitHard();
			try {
				this.terminated.get(KILL_AFTER_TERMINATE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// Last resort against orphans: the supervisor thread is stuck or gone.
				this.status.workers()
					.forEach((worker) -> ProcessHandle.of(worker.pid()).ifPresent(ProcessHandle::destroyForcibly));
			}
		}
		Thread thread = this.thread;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
	}

	private void reconcile(Instant now) {
		checkDeadlines(now);
		if (this.quitCode != null) {
			for (WorkerHandle worker : live()) {
				stop(worker, now, "quit");
			}
			if (this.workers.isEmpty()) {
				logger.info("Every worker has exited; the master exits with code " + this.quitCode);
				publish(now);
				this.terminated.complete(this.quitCode);
			}
			return;
		}
		if (this.restart != null) {
			stepRestart(this.restart, now);
		}
		else {
			scale(now);
		}
		clearDanger(now);
		completeResizes(now);
	}

	private void checkDeadlines(Instant now) {
		for (WorkerHandle worker : List.copyOf(this.workers.values())) {
			if (worker.state == WorkerState.STARTING && worker.age(now).compareTo(this.settings.bootTimeout()) > 0) {
				fault(worker, now, "it did not become ready within the boot timeout of "
						+ seconds(this.settings.bootTimeout()));
			}
			else if (worker.state == WorkerState.READY && Duration.between(worker.lastHeartbeat, now)
				.compareTo(this.settings.heartbeatTimeout()) > 0) {
				fault(worker, now, "it sent no heartbeat for " + seconds(this.settings.heartbeatTimeout()));
			}
			else if (worker.state == WorkerState.STOPPING && worker.stopRequestedAt != null) {
				Duration stopping = Duration.between(worker.stopRequestedAt, now);
				if (!worker.terminated && stopping.compareTo(this.settings.shutdownTimeout()) > 0) {
					logger.warn(worker + " did not stop within the shutdown timeout of "
							+ seconds(this.settings.shutdownTimeout()) + "; sending SIGTERM");
					worker.terminated = true;
					worker.process.terminate();
				}
				else if (!worker.killed
						&& stopping.compareTo(this.settings.shutdownTimeout().plus(KILL_AFTER_TERMINATE)) > 0) {
					kill(worker, now, "it ignored SIGTERM for " + seconds(KILL_AFTER_TERMINATE));
				}
			}
		}
	}

	private void scale(Instant now) {
		List<WorkerHandle> live = live();
		if (live.size() > this.size) {
			live.sort(Comparator.comparingInt((WorkerHandle worker) -> worker.id).reversed());
			live.subList(0, live.size() - this.size)
				.forEach((worker) -> stop(worker, now, "resize to " + this.size));
		}
		for (int missing = this.size - live.size(); missing > 0 && canSpawn(now, live); missing--) {
			Integer restarts = this.respawnsDue.peekFirst();
			WorkerHandle worker = spawn(now, (restarts != null) ? restarts : 0);
			if (worker == null) {
				break;
			}
			if (this.respawnsDue.pollFirst() != null) {
				this.counters = this.counters.respawned();
			}
			live.add(worker);
		}
		if (live.size() >= this.size) {
			this.respawnsDue.clear();
		}
	}

	private void stepRestart(RollingRestart restart, Instant now) {
		List<WorkerHandle> live = live();
		boolean replacementStarting = live.stream()
			.anyMatch((worker) -> worker.generation == restart.generation && worker.state == WorkerState.STARTING);
		if (replacementStarting || restart.onProbation(this.workers, this.settings.minRestartAge(), now)) {
			return;
		}
		List<WorkerHandle> old = live.stream().filter((worker) -> worker.generation < restart.generation).toList();
		if (old.isEmpty()) {
			scale(now);
			if (this.workers.values().stream().anyMatch((worker) -> worker.generation < restart.generation)) {
				return; // the last old workers are still draining
			}
			this.restart = null;
			Duration took = Duration.between(restart.startedAt, now);
			logger.info("Rolling restart to generation " + restart.generation + " done: " + restart.replaced
					+ " workers replaced in " + seconds(took));
			this.counters = this.counters.restarted();
			retainReleases(restart);
			publish(now);
			restart.future.complete(new RestartResult(restart.generation, restart.replaced, took));
		}
		else if (live.size() > this.size) {
			stop(old.get(0), now, "rolling restart to generation " + restart.generation);
			restart.replaced++;
		}
		else if (canSpawn(now, live)) {
			WorkerHandle replacement = spawn(now, 0);
			if (replacement != null && restart.firstReplacement == null) {
				restart.firstReplacement = replacement.id;
			}
		}
	}

	/** Keep the release workers run now and the rollback target; prune the others. */
	private void retainReleases(RollingRestart restart) {
		List<Release> kept = new ArrayList<>();
		if (this.release != null) {
			kept.add(this.release);
		}
		if (restart.previousRelease != null && !Release.same(restart.previousRelease, this.release)) {
			kept.add(restart.previousRelease);
		}
		if (!kept.isEmpty()) {
			this.releases.retain(kept);
		}
	}

	private boolean canSpawn(Instant now, List<WorkerHandle> live) {
		if (this.failed || (this.backoffUntil != null && now.isBefore(this.backoffUntil))) {
			return false;
		}
		// In danger, one worker at a time: the next waits until this one proves itself.
		return !isDanger() || live.stream().noneMatch((worker) -> worker.state == WorkerState.STARTING);
	}

	private @Nullable WorkerHandle spawn(Instant now, int restarts) {
		int id = this.nextId++;
		WorkerProcess process;
		try {
			process = this.launcher.launch(id, this.generation, this.env, this.release);
		}
		catch (Exception ex) {
			logger.error("Could not start worker " + id + ": " + ex.getMessage(), ex);
			crashed(now, "worker " + id + " could not be started", true);
			return null;
		}
		WorkerHandle worker = new WorkerHandle(id, this.generation, process, now, restarts);
		this.workers.put(id, worker);
		process.onExit().whenComplete((code, ex) -> post(() -> exited(worker, (code != null) ? code : -1)));
		logger.info("Started " + worker + " in generation " + this.generation + process.launchNote());
		return worker;
	}

	private void exited(WorkerHandle worker, int code) {
		if (this.workers.remove(worker.id) == null) {
			return;
		}
		Instant now = this.clock.instant();
		WorkerState last = worker.state;
		worker.state = WorkerState.EXITED;
		if (this.quitCode != null || (worker.stopReason != null && worker.fault == null)) {
			logger.info(worker + " exited with code " + code + " after " + seconds(worker.age(now)) + " ("
					+ ((worker.stopReason != null) ? worker.stopReason : "quit") + ")");
			return;
		}
		boolean beforeReady = worker.readyAt == null;
		String what = worker + " " + ((worker.fault != null) ? "was killed because " + worker.fault
				: "died with exit code " + code) + " after " + seconds(worker.age(now))
				+ (beforeReady ? ", before it was ready" : "");
		if (beforeReady) {
			logger.error(what + ". Its command line was: " + worker.process.commandLine()
					+ " (its own output above says why it failed)");
		}
		else {
			logger.warn(what + " (was " + last + ")");
		}
		RollingRestart restart = this.restart;
		if (restart != null && restart.isOnProbation(worker, this.settings.minRestartAge(), now)) {
			abortRestart(restart, "the first new worker, " + what);
		}
		boolean young = beforeReady || worker.age(now).compareTo(this.settings.minRestartAge()) < 0;
		this.counters = this.counters.crashed();
		this.respawnsDue.addLast(worker.restarts + 1);
		crashed(now, what, young);
	}

	private void crashed(Instant now, String what, boolean young) {
		this.lastCrash = now;
		if (young) {
			this.youngDeaths++;
			Duration backoff = this.settings.intensity().backoff(this.youngDeaths);
			this.backoffUntil = now.plus(backoff);
			logger.warn("Danger: " + this.youngDeaths + " worker(s) in a row died young (under "
					+ seconds(this.settings.minRestartAge()) + "); next respawn in " + seconds(backoff));
		}
		if (this.settings.intensity().exceededBy(this.crashes, now) && !this.failed) {
			giveUp(now, what);
		}
		else if (this.failed) {
			// Crashed workers are no longer replaced, so this may have been the last one up.
			quitIfNoWorkerCanStayUp(now);
		}
	}

	private void giveUp(Instant now, String what) {
		RestartIntensity intensity = this.settings.intensity();
		this.failed = true;
		logger.error("Giving up: " + this.crashes.size() + " worker crashes within " + seconds(intensity.period())
				+ " exceed cluster.master.restart-intensity.max-restarts=" + intensity.maxRestarts()
				+ "; crashed workers are no longer replaced. Last: " + what);
		if (this.restart != null) {
			abortRestart(this.restart, "workers keep crashing");
		}
		if (!quitIfNoWorkerCanStayUp(now)) {
			this.resizes.forEach((resize) -> resize.future.completeExceptionally(
					new IllegalStateException("Gave up respawning crashed workers")));
			this.resizes.clear();
		}
	}

	private boolean quitIfNoWorkerCanStayUp(Instant now) {
		if (live().stream().noneMatch((worker) -> worker.state == WorkerState.READY)) {
			logger.error("No worker can stay up; stopping the cluster, the master exits with code 1");
			quitHard(now);
			return true;
		}
		return false;
	}

	private void abortRestart(RollingRestart restart, String why) {
		logger.error("Rolling restart to generation " + restart.generation + " aborted because " + why
				+ "; keeping the old workers");
		this.restart = null;
		this.generation = restart.previousGeneration;
		this.env = restart.previousEnv;
		this.release = restart.previousRelease;
		restart.future.completeExceptionally(new RestartAbortedException("Rolling restart to generation "
				+ restart.generation + " aborted because " + why + "; the old workers were kept"));
	}

	private void clearDanger(Instant now) {
		Instant lastCrash = this.lastCrash;
		if (isDanger() && lastCrash != null && this.workers.values()
			.stream()
			.anyMatch((worker) -> worker.readyAt != null && worker.readyAt.isAfter(lastCrash)
					&& !worker.readyAt.plus(this.settings.minRestartAge()).isAfter(now))) {
			logger.info("Out of danger: a new worker has stayed up for " + seconds(this.settings.minRestartAge()));
			this.youngDeaths = 0;
			this.backoffUntil = null;
		}
	}

	private boolean isDanger() {
		return this.youngDeaths > 0;
	}

	private void recover() {
		if (this.failed) {
			logger.info("Respawning crashed workers again after an operator's command");
			this.failed = false;
			this.crashes.clear();
		}
	}

	private void completeResizes(Instant now) {
		boolean reached = this.workers.size() == this.size
				&& this.workers.values().stream().allMatch((worker) -> worker.state == WorkerState.READY);
		if (this.resizes.isEmpty()) {
			return;
		}
		ClusterStatus status = publish(now);
		this.resizes.removeIf((resize) -> {
			if (resize.size != this.size || reached) {
				resize.future.complete(status);
				return true;
			}
			return false;
		});
	}

	private void abandonPending(String why) {
		this.resizes.forEach((resize) -> resize.future.completeExceptionally(new IllegalStateException(why)));
		this.resizes.clear();
		if (this.restart != null) {
			this.restart.future.completeExceptionally(new RestartAbortedException("Rolling restart aborted: " + why));
			this.restart = null;
		}
	}

	private void stop(WorkerHandle worker, Instant now, String reason) {
		if (!worker.isLive()) {
			return;
		}
		worker.state = WorkerState.STOPPING;
		worker.stopRequestedAt = now;
		worker.stopReason = reason;
		WorkerLink link = worker.link;
		logger.info("Stopping " + worker + " gracefully: " + reason);
		if (link == null || !link.requestShutdown()) {
			worker.terminated = true;
			worker.process.terminate();
		}
	}

	private void fault(WorkerHandle worker, Instant now, String fault) {
		worker.fault = fault;
		RollingRestart restart = this.restart;
		if (restart != null && restart.isOnProbation(worker, this.settings.minRestartAge(), now)) {
			// Abort now: waiting for its exit would let the restart spawn another replacement.
			abortRestart(restart, "the first new worker, " + worker + ", was killed because " + fault);
		}
		kill(worker, now, fault);
	}

	private void kill(WorkerHandle worker, Instant now, String reason) {
		if (worker.killed) {
			return;
		}
		logger.warn("Killing " + worker + ": " + reason);
		worker.state = WorkerState.STOPPING;
		worker.stopReason = reason;
		if (worker.stopRequestedAt == null) {
			worker.stopRequestedAt = now;
		}
		worker.killed = true;
		worker.process.kill();
	}

	private List<WorkerHandle> live() {
		return new ArrayList<>(this.workers.values().stream().filter(WorkerHandle::isLive).toList());
	}

	private void assertNotQuitting() {
		if (this.quitCode != null) {
			throw new IllegalStateException("The master is quitting");
		}
	}

	private ClusterStatus snapshot(Instant now) {
		return new ClusterStatus(this.size, this.generation, this.restart != null, isDanger(), this.failed,
				this.quitCode != null, this.workers.values().stream().map((worker) -> worker.info(now)).toList(),
				this.counters);
	}

	private <T> CompletableFuture<T> call(Consumer<CompletableFuture<T>> action) {
		CompletableFuture<T> future = new CompletableFuture<>();
		if (this.terminated.isDone()) {
			future.completeExceptionally(new IllegalStateException("The cluster has quit"));
			return future;
		}
		java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
		post(() -> {
			ran.set(true);
			try {
				action.accept(future);
			}
			catch (RuntimeException ex) {
				future.completeExceptionally(ex);
			}
		});
		// Posted while the pool was ending: no step will run it.
		this.terminated.whenComplete((code, ex) -> {
			if (!ran.get()) {
				future.completeExceptionally(new IllegalStateException("The cluster has quit"));
			}
		});
		return future;
	}

	private void post(Runnable event) {
		this.events.add(event);
	}

	static String seconds(Duration duration) {
		return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private record PendingResize(int size, CompletableFuture<ClusterStatus> future) {
	}

}
