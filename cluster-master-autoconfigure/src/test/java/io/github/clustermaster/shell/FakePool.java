package io.github.clustermaster.shell;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.RestartResult;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WorkerPoolManager} without processes: it records every call and answers at
 * once, or holds its futures for a test to complete.
 *
 * @author cluster-master
 */
final class FakePool implements WorkerPoolManager {

	private volatile ClusterStatus status;

	private final List<Integer> resizes = new CopyOnWriteArrayList<>();

	private final List<@Nullable Map<String, String>> restarts = new CopyOnWriteArrayList<>();

	private final AtomicInteger quits = new AtomicInteger();

	private final AtomicInteger hardQuits = new AtomicInteger();

	private volatile @Nullable CompletableFuture<ClusterStatus> heldResize;

	private volatile boolean holdResizes;

	private volatile @Nullable Runnable release;

	private volatile @Nullable RuntimeException restartFailure;

	private @Nullable ClusterStatus afterRestart;

	private int nextId = 1;

	FakePool(int size) {
		this.status = status(size, 1, false, List.of());
	}

	@Override
	public synchronized CompletableFuture<ClusterStatus> resize(int size) {
		this.resizes.add(size);
		ClusterStatus resized = status(size, this.status.generation(), this.status.quitting(), this.status.workers());
		if (this.holdResizes) {
			CompletableFuture<ClusterStatus> future = new CompletableFuture<>();
			this.heldResize = future;
			this.release = () -> {
				this.status = resized;
				future.complete(resized);
			};
			return future;
		}
		this.status = resized;
		return CompletableFuture.completedFuture(resized);
	}

	@Override
	public synchronized CompletableFuture<RestartResult> restart(@Nullable Map<String, String> env, int requester) {
		this.restarts.add(env);
		RuntimeException failure = this.restartFailure;
		if (failure != null) {
			return CompletableFuture.failedFuture(failure);
		}
		ClusterStatus before = this.status;
		int generation = before.generation() + 1;
		// Accepted: the old workers are still there; they are replaced once the status is read.
		this.status = new ClusterStatus(before.size(), generation, true, false, false, false, before.workers(),
				before.counters());
		this.afterRestart = status(before.size(), generation, false, List.of());
		return CompletableFuture
			.completedFuture(new RestartResult(generation, before.workers().size(), Duration.ofMillis(1500)));
	}

	@Override
	public synchronized CompletableFuture<Integer> quit() {
		this.quits.incrementAndGet();
		this.status = withQuitting(this.status);
		return new CompletableFuture<>();
	}

	@Override
	public synchronized CompletableFuture<Integer> quitHard() {
		this.hardQuits.incrementAndGet();
		this.status = withQuitting(this.status);
		return new CompletableFuture<>();
	}

	@Override
	public ClusterStatus status() {
		return this.status;
	}

	@Override
	public synchronized CompletableFuture<ClusterStatus> freshStatus() {
		ClusterStatus fresh = this.status;
		ClusterStatus afterRestart = this.afterRestart;
		if (afterRestart != null) {
			this.status = afterRestart;
			this.afterRestart = null;
		}
		return CompletableFuture.completedFuture(fresh);
	}

	/** Keep the futures of the following resizes pending; see {@link #releaseResize()}. */
	void holdResizes() {
		this.holdResizes = true;
	}

	/** Whether a resize is held. */
	boolean isResizeHeld() {
		return this.heldResize != null;
	}

	/** Complete the held resize: the pool now has the size it asked for. */
	void releaseResize() {
		Runnable release = this.release;
		if (release == null) {
			throw new IllegalStateException("No resize is held");
		}
		release.run();
	}

	/** Make the following restarts fail like the supervisor's. */
	void failRestartsWith(RuntimeException failure) {
		this.restartFailure = failure;
	}

	List<Integer> resizes() {
		return this.resizes;
	}

	List<@Nullable Map<String, String>> restarts() {
		return this.restarts;
	}

	int quits() {
		return this.quits.get();
	}

	int hardQuits() {
		return this.hardQuits.get();
	}

	private synchronized ClusterStatus status(int size, int generation, boolean quitting, List<WorkerInfo> keep) {
		List<WorkerInfo> workers = new ArrayList<>(keep.subList(0, Math.min(size, keep.size())));
		while (workers.size() < size) {
			int id = this.nextId++;
			workers.add(new WorkerInfo(id, 4000L + id, WorkerState.READY, generation, Duration.ofSeconds(75), 0));
		}
		return new ClusterStatus(size, generation, false, false, false, quitting, workers, ClusterCounters.NONE);
	}

	private static ClusterStatus withQuitting(ClusterStatus status) {
		return new ClusterStatus(status.size(), status.generation(), status.restarting(), status.danger(),
				status.failed(), true, status.workers(), status.counters());
	}

}
