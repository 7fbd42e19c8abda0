package io.github.clustermaster.worker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.locks.ClusterLock;
import io.github.clustermaster.locks.ClusterLocks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A worker that tries to hold one lease all the time: once its application is ready it
 * asks for the lease every {@link #RETRY} while another worker holds it, keeps it renewed
 * once granted, and lets it go when it is asked to stop. {@link #holds()} is what the
 * guarded work checks before each run; it never waits.
 *
 * @author cluster-master
 */
public final class LeaseCandidate implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseCandidate.class);

	/** How often a worker that does not hold the lease asks for it. */
	public static final Duration RETRY = Duration.ofSeconds(1);

	private final WorkerLeases leases;

	private final int worker;

	private final String name;

	private final Duration ttl;

	private final String work;

	private final ScheduledExecutorService executor;

	private volatile @Nullable ClusterLock lock;

	private volatile boolean closed;

	/**
	 * A candidate for a lease.
	 * @param leases the worker's leases
	 * @param worker the worker's id, for the log
	 * @param name the lease's name
	 * @param ttl its time to live
	 * @param work what the lease guards, for the log (e.g. "the pool's scheduled work")
	 */
	public LeaseCandidate(WorkerLeases leases, int worker, String name, Duration ttl, String work) {
		this.leases = leases;
		this.worker = worker;
		this.name = name;
		this.ttl = ttl;
		this.work = work;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-master-worker-lease-" + name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Start asking for the lease (at once, then every {@link #RETRY}).
	 */
	public void start() {
		if (!this.closed) {
			this.executor.scheduleWithFixedDelay(this::campaign, 0, RETRY.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void campaign() {
		try {
			ClusterLock current = this.lock;
			if (current != null && current.isValid()) {
				return;
			}
			if (current != null) {
				this.lock = null;
				current.close();
				logger.info("Worker " + this.worker + " no longer holds lease '" + this.name + "': it stops running "
						+ this.work);
			}
			if (this.closed || this.leases.isStopping()) {
				return;
			}
			Optional<ClusterLock> taken = this.leases.tryLock(this.name, this.ttl);
			if (taken.isPresent()) {
				if (this.closed) {
					taken.get().close();
					return;
				}
				this.lock = taken.get();
				logger.info("Worker " + this.worker + " holds lease '" + this.name + "': it runs " + this.work);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Worker " + this.worker + " could not ask for lease '" + this.name + "': " + ex, ex);
		}
	}

	/**
	 * Whether this worker holds the lease and may act on it now.
	 * @return whether it holds a valid lease
	 */
	public boolean holds() {
		ClusterLock current = this.lock;
		return current != null && current.isValid();
	}

	/**
	 * Stop asking and release the lease.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.executor.shutdownNow();
		ClusterLock current = this.lock;
		this.lock = null;
		if (current != null) {
			current.close();
		}
	}

}
