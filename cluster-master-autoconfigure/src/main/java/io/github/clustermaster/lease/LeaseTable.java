package io.github.clustermaster.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's leases: each name held by at most one worker at a time. A lease is freed
 * when its holder releases it, when its holder's connection closes ({@link #disconnected}),
 * and when its time to live passes without a renewal (a hung holder). A worker the master
 * has asked to stop is granted nothing more ({@link #retire}); it releases what it holds
 * itself, before it drains. Called on the workers' IPC threads; every method is quick and
 * takes this table's monitor, never the supervisor's time.
 *
 * @author cluster-master
 * @see LeaseTerms
 */
public final class LeaseTable {

	private static final Log logger = LogFactory.getLog(LeaseTable.class);

	private final InstantSource clock;

	private final Map<String, Entry> leases = new LinkedHashMap<>();

	private final Set<Integer> retired = new HashSet<>();

	/** Done once leases may be granted: at once, but for a master started by an upgrade. */
	private CompletableFuture<?> granting = CompletableFuture.completedFuture(null);

	/**
	 * A table on the JVM's monotonic clock.
	 */
	public LeaseTable() {
		this(LeaseTerms.monotonicClock());
	}

	/**
	 * A table on a given clock.
	 * @param clock the clock that times the leases
	 */
	public LeaseTable(InstantSource clock) {
		this.clock = clock;
	}

	/**
	 * Acquire a lease, or renew it when the worker holds it already. A lease whose time
	 * to live has passed is free.
	 * @param worker the requesting worker's id
	 * @param pid its process id
	 * @param name the lease's name
	 * @param ttl how long it is granted for, from now
	 * @return granted until when, or refused with its holder and until when it is held
	 * @throws IllegalArgumentException if the name or time to live is out of bounds
	 */
	public synchronized LeaseAnswer acquire(int worker, long pid, String name, Duration ttl) {
		LeaseTerms.check(name, ttl);
		Instant now = this.clock.instant();
		Entry entry = current(name, now);
		if (entry != null && (entry.holder != worker || entry.lingering)) {
			return new LeaseAnswer(false, entry.holder, entry.until);
		}
		if (!this.granting.isDone()) {
			return new LeaseAnswer(false, 0, now);
		}
		if (this.retired.contains(worker)) {
			if (entry != null) {
				// Stopping: it keeps what it holds until it releases it or its time is up.
				return new LeaseAnswer(true, worker, entry.until);
			}
			return new LeaseAnswer(false, 0, now);
		}
		Instant until = now.plus(ttl);
		if (entry == null) {
			this.leases.put(name, new Entry(worker, pid, now, until));
			logger.info("Lease '" + name + "' granted to worker " + worker + " (pid " + pid + ") for "
					+ ttl.toMillis() + " ms");
		}
		else {
			entry.until = until;
			if (logger.isTraceEnabled()) {
				logger.trace("Lease '" + name + "' renewed by worker " + worker + " for " + ttl.toMillis() + " ms");
			}
		}
		return new LeaseAnswer(true, worker, until);
	}

	/**
	 * Grant nothing until {@code until} is done: a master started by an upgrade waits for
	 * the old master to exit, whose workers may still hold leases from the old table (its
	 * quit drains them), so that the two pools never both run leased work.
	 * @param until done once leases may be granted
	 */
	public synchronized void withholdUntil(CompletableFuture<?> until) {
		this.granting = until;
	}

	/**
	 * Release a lease the worker holds; a lease it does not hold is left as it is.
	 * @param worker the worker's id
	 * @param name the lease's name
	 * @return whether the worker held it
	 */
	public synchronized boolean release(int worker, String name) {
		Entry entry = current(name, this.clock.instant());
		if (entry == null || entry.holder != worker || entry.lingering) {
			return false;
		}
		this.leases.remove(name);
		logger.info("Lease '" + name + "' released by worker " + worker);
		return true;
	}

	/**
	 * Keep a lease the worker holds until a time, without further renewal: ShedLock's
	 * "lock at least for" after its task ended. Nothing changes if it does not hold it.
	 * @param worker the worker's id
	 * @param name the lease's name
	 * @param remaining how long from now it stays held
	 * @return whether the worker held it
	 */
	public synchronized boolean releaseAfter(int worker, String name, Duration remaining) {
		if ((remaining.isNegative() || remaining.isZero())) {
			return release(worker, name);
		}
		Entry entry = current(name, this.clock.instant());
		if (entry == null || entry.holder != worker) {
			return false;
		}
		entry.until = this.clock.instant().plus(remaining);
		entry.lingering = true;
		return true;
	}

	/**
	 * A worker's connection closed (it exited, was killed, or lost its master): every
	 * lease it held is free at once.
	 * @param worker the worker's id
	 * @return the names of the leases it held
	 */
	public synchronized List<String> disconnected(int worker) {
		this.retired.remove(worker);
		List<String> freed = new ArrayList<>();
		for (Iterator<Map.Entry<String, Entry>> it = this.leases.entrySet().iterator(); it.hasNext();) {
			Map.Entry<String, Entry> lease = it.next();
			if (lease.getValue().holder == worker) {
				freed.add(lease.getKey());
				it.remove();
			}
		}
		if (!freed.isEmpty()) {
			logger.info("Worker " + worker + "'s connection closed: lease" + ((freed.size() == 1) ? " " : "s ")
					+ String.join(", ", freed.stream().map((name) -> "'" + name + "'").toList()) + " freed");
		}
		return freed;
	}

	/**
	 * The master asked a worker to stop: it is granted no new lease (a renewal of one it
	 * holds is answered with the time it has left, never extended), until its connection
	 * closes.
	 * @param worker the worker's id
	 */
	public synchronized void retire(int worker) {
		this.retired.add(worker);
	}

	/**
	 * The leases held now.
	 * @return the leases, by name
	 */
	public synchronized List<LeaseInfo> leases() {
		Instant now = this.clock.instant();
		List<LeaseInfo> held = new ArrayList<>();
		for (String name : List.copyOf(this.leases.keySet())) {
			Entry entry = current(name, now);
			if (entry != null) {
				held.add(new LeaseInfo(name, entry.holder, entry.pid, entry.since, entry.until));
			}
		}
		held.sort(Comparator.comparing(LeaseInfo::name));
		return held;
	}

	/** The lease of that name, dropped first if its time is up. */
	private @Nullable Entry current(String name, Instant now) {
		Entry entry = this.leases.get(name);
		if (entry != null && !now.isBefore(entry.until)) {
			this.leases.remove(name);
			logger.warn("Lease '" + name + "' of worker " + entry.holder + " (pid " + entry.pid
					+ ") expired: it was not renewed in time (a hung or cut-off holder); it is free");
			return null;
		}
		return entry;
	}

	private static final class Entry {

		final int holder;

		final long pid;

		final Instant since;

		Instant until;

		/** Kept after its holder's work ended, until {@code until}: not renewable. */
		boolean lingering;

		Entry(int holder, long pid, Instant since, Instant until) {
			this.holder = holder;
			this.pid = pid;
			this.since = since;
			this.until = until;
		}

	}

}
