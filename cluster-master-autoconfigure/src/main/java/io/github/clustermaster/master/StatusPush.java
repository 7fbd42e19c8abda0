package io.github.clustermaster.master;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.SessionsDescriptor;
import io.github.clustermaster.control.WorkerDescriptor;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Pushes the status the supervisor publishes to every connected worker, coalesced: at
 * most one push per {@link #INTERVAL}, always the latest status, and one at least every
 * {@link #REFRESH} so that a worker can tell a quiet master from a gone one. Workers
 * answer {@code GET /actuator/cluster}, the health contributor and the meters from their
 * copy.
 *
 * @author cluster-master
 */
final class StatusPush implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(StatusPush.class);

	/** The shortest time between two pushes. */
	static final Duration INTERVAL = Duration.ofMillis(200);

	/** The longest time between two pushes, even when nothing changed. */
	static final Duration REFRESH = Duration.ofSeconds(1);

	private final WorkerPoolManager pool;

	private final IpcServer server;

	private final long masterPid;

	private final Thread thread;

	private final Supplier<@Nullable SessionsDescriptor> sessions;

	private @Nullable ClusterStatus pushed;

	private @Nullable ClusterDescriptor pushedSteady;

	private List<PoolWarning> pushedWarnings = List.of();

	private long pushedAt;

	private volatile boolean closed;

	/** The pool's warnings for its wanted size ({@link PoolReports#warnings(int)}). */
	private volatile IntFunction<List<PoolWarning>> warnings = (size) -> List.of();

	StatusPush(WorkerPoolManager pool, IpcServer server, long masterPid) {
		this(pool, server, masterPid, () -> null);
	}

	StatusPush(WorkerPoolManager pool, IpcServer server, long masterPid,
			Supplier<@Nullable SessionsDescriptor> sessions) {
		this.sessions = sessions;
		this.pool = pool;
		this.server = server;
		this.masterPid = masterPid;
		this.thread = new Thread(this::run, "cluster-master-status-push");
		this.thread.setDaemon(true);
	}

	/**
	 * Add the pool's warnings to every status pushed.
	 * @param warnings the warnings for a wanted size
	 */
	void warnings(IntFunction<List<PoolWarning>> warnings) {
		this.warnings = warnings;
	}

	void start() {
		push();
		this.thread.start();
	}

	private void run() {
		while (!this.closed) {
			try {
				Thread.sleep(INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
			try {
				push();
			}
			catch (RuntimeException | LinkageError ex) {
				logger.warn("Pushing the cluster's status to the workers failed: " + ex, ex);
			}
		}
	}

	/**
	 * Push the latest status if it changed (ages, stats and heartbeats aside) or the last push is
	 * {@link #REFRESH} old.
	 */
	void push() {
		ClusterStatus status = this.pool.status();
		List<PoolWarning> warnings = this.warnings.apply(status.size());
		if (status == this.pushed && warnings.equals(this.pushedWarnings)
				&& System.nanoTime() - this.pushedAt < REFRESH.toNanos()) {
			return;
		}
		ClusterDescriptor descriptor = ClusterDescriptor.of(status, this.masterPid)
			.withSessions(this.sessions.get())
			.withLeases(this.server.leases().leases())
			.withWarnings(warnings);
		ClusterDescriptor steady = steady(descriptor);
		if (steady.equals(this.pushedSteady) && System.nanoTime() - this.pushedAt < REFRESH.toNanos()) {
			return;
		}
		this.server.pushStatus(descriptor);
		this.pushed = status;
		this.pushedWarnings = warnings;
		this.pushedSteady = steady;
		this.pushedAt = System.nanoTime();
	}

	private static ClusterDescriptor steady(ClusterDescriptor cluster) {
		List<WorkerDescriptor> workers = cluster.workers().stream().map(WorkerDescriptor::steady).toList();
		return new ClusterDescriptor(cluster.masterPid(), cluster.size(), cluster.ready(), cluster.generation(),
				cluster.restarting(), cluster.danger(), cluster.failed(), cluster.quitting(), workers,
				cluster.counters(), cluster.release(), cluster.previousRelease(), cluster.rollout(),
				cluster.lastRollout(), cluster.acceptQueue(), cluster.sessions(), cluster.leases(), cluster.warnings());
	}

	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
	}

}
