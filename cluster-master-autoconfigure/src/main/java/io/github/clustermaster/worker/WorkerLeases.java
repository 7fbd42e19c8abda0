package io.github.clustermaster.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.lease.HeldLease;
import io.github.clustermaster.lease.LeaseTerms;
import io.github.clustermaster.locks.ClusterLock;
import io.github.clustermaster.locks.ClusterLocks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A worker's leases: {@link ClusterLocks} over the master's lease table. Each lock held
 * with renewal is renewed every 0.3 × ttl on one daemon thread; its validity follows
 * {@link HeldLease}. When the master asks the worker to stop, {@link #releaseAll()} ends
 * every lease at once (the work they guard stops before the worker drains) and no new one
 * is taken; when the master is gone, {@link #lost()} ends them without a word.
 *
 * @author cluster-master
 */
public final class WorkerLeases implements ClusterLocks {

	private static final Log logger = LogFactory.getLog(WorkerLeases.class);

	/** The longest wait for the master's answer to an acquisition. */
	static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

	private final int id;

	private final Channel channel;

	private final InstantSource clock;

	private final Map<String, WorkerLock> held = new ConcurrentHashMap<>();

	private final ScheduledExecutorService renewals;

	private volatile boolean stopping;

	WorkerLeases(int id, Channel channel, InstantSource clock) {
		this.id = id;
		this.channel = channel;
		this.clock = clock;
		this.renewals = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-master-worker-leases");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public Optional<ClusterLock> tryLock(String name, Duration ttl) {
		return take(name, ttl, true);
	}

	@Override
	public Optional<ClusterLock> tryLockAtMost(String name, Duration atMost) {
		return take(name, atMost, false);
	}

	private Optional<ClusterLock> take(String name, Duration ttl, boolean renew) {
		LeaseTerms.check(name, ttl);
		if (this.stopping || this.held.containsKey(name)) {
			return Optional.empty();
		}
		Instant sentAt = this.clock.instant();
		Frame.LeaseReply reply = await(this.channel.lease("acquire", name, ttl, timeout(ttl)), name);
		if (reply == null || !reply.granted()) {
			return Optional.empty();
		}
		WorkerLock lock = new WorkerLock(new HeldLease(name, ttl, sentAt, this.clock));
		if (this.stopping || this.held.putIfAbsent(name, lock) != null) {
			// Asked to stop (or taken twice by racing threads) while the answer came.
			this.channel.lease("release", name, Duration.ZERO, ACQUIRE_TIMEOUT);
			return Optional.empty();
		}
		if (renew) {
			Duration every = LeaseTerms.renewInterval(ttl);
			lock.renewal = this.renewals.scheduleAtFixedRate(() -> renew(lock), every.toMillis(), every.toMillis(),
					TimeUnit.MILLISECONDS);
		}
		return Optional.of(lock);
	}

	private static Duration timeout(Duration ttl) {
		Duration margin = LeaseTerms.margin(ttl);
		return (ttl.minus(margin).compareTo(ACQUIRE_TIMEOUT) < 0) ? ttl.minus(margin) : ACQUIRE_TIMEOUT;
	}

	private Frame.@Nullable LeaseReply await(CompletableFuture<Frame.LeaseReply> reply, String name) {
		try {
			Frame.LeaseReply answer = reply.get(ACQUIRE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
			if (answer.error() != null) {
				throw new IllegalArgumentException(answer.error());
			}
			return answer;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			logger.debug("Worker " + this.id + " could not ask for lease '" + name + "': " + cause.getMessage());
			return null;
		}
	}

	private void renew(WorkerLock lock) {
		HeldLease lease = lock.lease;
		if (lease.isEnded()) {
			return;
		}
		if (!lease.isValid()) {
			// No renewal was answered in time: this worker has stopped counting on it, so the
			// master must not keep it for it either.
			logger.warn("Worker " + this.id + " lost lease '" + lease.name()
					+ "': no renewal was answered in time; releasing it");
			lock.close();
			return;
		}
		Instant sentAt = this.clock.instant();
		Duration ttl = lease.ttl();
		this.channel.lease("renew", lease.name(), ttl, LeaseTerms.renewInterval(ttl)).whenComplete((reply, ex) -> {
			if (ex != null) {
				// No answer: the lease runs out on its own unless a later renewal is answered.
				logger.debug("Worker " + this.id + ": renewing lease '" + lease.name() + "' got no answer: "
						+ ex.getMessage());
			}
			else if (reply.granted()) {
				lease.renewed(sentAt);
			}
			else if (!lease.isEnded()) {
				logger.warn("Worker " + this.id + " lost lease '" + lease.name() + "' (the master gave it to worker "
						+ reply.holder() + "): the work it guards stops here");
				lock.drop();
			}
		});
	}

	/**
	 * The master asks this worker to stop: end every lease at once and release it, and
	 * take no new one. Called before the worker drains.
	 */
	public void releaseAll() {
		this.stopping = true;
		List<WorkerLock> locks = List.copyOf(this.held.values());
		locks.forEach(WorkerLock::close);
		if (!locks.isEmpty()) {
			logger.info("Worker " + this.id + " is stopping: released "
					+ String.join(", ", locks.stream().map((lock) -> "'" + lock.name() + "'").toList()));
		}
	}

	/**
	 * The master is gone: every lease ends now, with nobody to tell.
	 */
	public void lost() {
		this.stopping = true;
		List.copyOf(this.held.values()).forEach(WorkerLock::drop);
		this.renewals.shutdownNow();
	}

	/**
	 * Whether this worker was asked to stop (or lost its master) and takes no new lease.
	 * @return whether it is stopping
	 */
	public boolean isStopping() {
		return this.stopping;
	}

	/**
	 * The names of the leases this worker holds and counts valid now.
	 * @return the names
	 */
	public List<String> held() {
		return this.held.values().stream().filter(WorkerLock::isValid).map(WorkerLock::name).sorted().toList();
	}

	/**
	 * How a worker sends lease requests: {@code MasterConnection::lease}.
	 */
	@FunctionalInterface
	interface Channel {

		CompletableFuture<Frame.LeaseReply> lease(String op, String name, Duration ttl, Duration timeout);

	}

	private final class WorkerLock implements ClusterLock {

		final HeldLease lease;

		volatile @Nullable ScheduledFuture<?> renewal;

		WorkerLock(HeldLease lease) {
			this.lease = lease;
		}

		@Override
		public String name() {
			return this.lease.name();
		}

		@Override
		public boolean isValid() {
			return this.lease.isValid();
		}

		/** Ends it here without telling the master. */
		void drop() {
			this.lease.end();
			ScheduledFuture<?> renewal = this.renewal;
			if (renewal != null) {
				renewal.cancel(false);
			}
			WorkerLeases.this.held.remove(name(), this);
		}

		@Override
		public void close() {
			if (!this.lease.isEnded()) {
				drop();
				WorkerLeases.this.channel.lease("release", name(), Duration.ZERO, ACQUIRE_TIMEOUT);
			}
		}

		@Override
		public void closeAfter(Duration remaining) {
			if ((remaining.isNegative() || remaining.isZero())) {
				close();
				return;
			}
			if (!this.lease.isEnded()) {
				drop();
				WorkerLeases.this.channel.lease("release-after", name(), remaining, ACQUIRE_TIMEOUT);
			}
		}

	}

}
