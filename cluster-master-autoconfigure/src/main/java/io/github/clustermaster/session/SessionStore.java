package io.github.clustermaster.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import io.github.clustermaster.ipc.SessionAnswer;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.ipc.SessionRequests;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The pool's HTTP sessions, held in the master's memory and served to the workers on
 * their IPC threads (never on the supervisor's). A find marks the session used; a save
 * applies only what changed; sessions expire after their own max inactive interval (the
 * application's configured timeout, sent by the worker); the bytes held are bounded, the
 * least recently used session evicted first with a log line. Attributes are opaque bytes
 * here: the master never loads the application's classes.
 * <p>
 * A worker that found a session may keep a copy and answer its next requests from it
 * ({@link SessionStoreClient}), for at most {@link #copyLifetime} (so that eviction and
 * expiry reach it): the store counts it among the session's holders, and a save or delete
 * names the other holders ({@link SessionAnswer#stale()}), whose copies must go before the
 * call is answered. A session that holders keep expires that lifetime later than its
 * timeout, never earlier: a holder's requests in between did not reach the store.
 *
 * @author cluster-master
 */
public final class SessionStore implements SessionRequests {

	private static final Log logger = LogFactory.getLog(SessionStore.class);

	/** What a session costs beyond its attributes: the entry, its id, its map. */
	static final int SESSION_OVERHEAD = 200;

	/** What an attribute costs beyond its name and value: its map entry. */
	static final int ATTRIBUTE_OVERHEAD = 48;

	/** The longest a worker answers from its copy of a session. */
	static final Duration MAX_COPY_LIFETIME = Duration.ofSeconds(5);

	/** How often expired sessions are swept away, at most. */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);

	private final long maxBytes;

	private final LongSupplier clock;

	/** In access order: the first is the least recently used. */
	private final LinkedHashMap<String, Entry> sessions = new LinkedHashMap<>(64, 0.75f, true);

	private long bytes;

	private long evicted;

	private long expired;

	private long lastSweep;

	/**
	 * Create an empty store.
	 * @param maxBytes the most bytes it holds (attributes, names, ids and a fixed overhead
	 * per session)
	 * @param clock the time in epoch milliseconds
	 */
	public SessionStore(DataSize maxBytes, LongSupplier clock) {
		this.maxBytes = maxBytes.toBytes();
		this.clock = clock;
		this.lastSweep = clock.getAsLong();
	}

	/**
	 * How long a worker may answer from its copy of a session: {@link #MAX_COPY_LIFETIME},
	 * or a quarter of the session's timeout when that is shorter.
	 * @param maxInactiveSeconds the session's timeout, in seconds; 0 or less: none
	 * @return the lifetime
	 */
	public static Duration copyLifetime(long maxInactiveSeconds) {
		if (maxInactiveSeconds <= 0) {
			return MAX_COPY_LIFETIME;
		}
		long quarter = maxInactiveSeconds * 1000 / 4;
		return Duration.ofMillis(Math.min(MAX_COPY_LIFETIME.toMillis(), quarter));
	}

	/**
	 * Answer a worker's call: a find counts the worker among the session's holders (a
	 * worker id of 0 or less, another master's link, is not counted and may keep no copy);
	 * a save or delete names the other holders.
	 */
	@Override
	public SessionAnswer answer(int worker, SessionCall call) {
		return switch (call.op()) {
			case FIND -> {
				SessionData found = find(call.id(), worker);
				yield new SessionAnswer(found, found != null && worker > 0, Set.of());
			}
			case SAVE -> new SessionAnswer(null, false, without(save(call), worker));
			case DELETE -> new SessionAnswer(null, false, without(delete(call.id()), worker));
			case HAND_OVER -> throw new IllegalArgumentException("A worker cannot ask for the whole session store");
		};
	}

	private static Set<Integer> without(Set<Integer> holders, int worker) {
		if (!holders.contains(worker)) {
			return holders;
		}
		Set<Integer> others = new HashSet<>(holders);
		others.remove(worker);
		return others;
	}

	/**
	 * Find a session and mark it used.
	 * @param id its id
	 * @return the session, or {@code null} if there is none or it expired
	 */
	public @Nullable SessionData find(String id) {
		return find(id, 0);
	}

	private synchronized @Nullable SessionData find(String id, int worker) {
		long now = this.clock.getAsLong();
		sweepIfDue(now);
		Entry entry = this.sessions.get(id);
		if (entry == null) {
			return null;
		}
		if (entry.isExpired(now)) {
			remove(id);
			this.expired++;
			return null;
		}
		entry.lastAccessedTime = now;
		if (worker > 0) {
			entry.holders.add(worker);
		}
		return entry.data();
	}

	/**
	 * Save what changed in a session: create it if it is new (or expired meanwhile), move
	 * it to its new id if it changed, set and remove its attributes.
	 * @param call the save
	 * @return the workers that kept a copy of it (under its old or its new id), which is
	 * stale now
	 * @throws IllegalArgumentException if the session alone is larger than the store
	 */
	public synchronized Set<Integer> save(SessionCall call) {
		long now = this.clock.getAsLong();
		sweepIfDue(now);
		String from = (call.previousId() != null) ? call.previousId() : call.id();
		Entry current = this.sessions.get(from);
		if (current != null && current.isExpired(now)) {
			remove(from);
			this.expired++;
			current = null;
		}
		Entry next = (current != null) ? current.copy(call.id())
				: new Entry(call.id(), (call.creationTime() > 0) ? call.creationTime() : now);
		call.removed().forEach(next.attributes::remove);
		next.attributes.putAll(call.set());
		next.maxInactiveSeconds = call.maxInactiveSeconds();
		next.lastAccessedTime = now;
		long size = next.size();
		if (size > this.maxBytes) {
			throw new IllegalArgumentException("A session of " + DataSizes.format(size)
					+ " does not fit in the pool's session store (cluster.master.sessions.max-bytes="
					+ DataSizes.format(this.maxBytes) + "); it was not saved. Keep less in the session, "
					+ "or raise cluster.master.sessions.max-bytes");
		}
		Set<Integer> holders = new HashSet<>();
		if (current != null) {
			holders.addAll(current.holders);
			remove(from);
		}
		Entry replaced = this.sessions.get(call.id());
		if (replaced != null) {
			holders.addAll(replaced.holders);
		}
		remove(call.id());
		this.sessions.put(next.id, next);
		next.size = size;
		this.bytes += size;
		evict(next.id, now);
		return holders;
	}

	/**
	 * Remove a session.
	 * @param id its id
	 * @return the workers that kept a copy of it, which is stale now
	 */
	public synchronized Set<Integer> delete(String id) {
		Entry removed = this.sessions.get(id);
		remove(id);
		return (removed != null) ? removed.holders : Set.of();
	}

	/**
	 * How many sessions the store holds, and their bytes.
	 * @return the figures
	 */
	public synchronized SessionStoreStats stats() {
		sweepIfDue(this.clock.getAsLong());
		return new SessionStoreStats(this.sessions.size(), this.bytes, this.maxBytes, this.evicted, this.expired);
	}

	/**
	 * Every live session, least recently used first: what a new master takes over.
	 * @return the sessions
	 */
	public synchronized List<SessionData> snapshot() {
		long now = this.clock.getAsLong();
		List<SessionData> all = new ArrayList<>(this.sessions.size());
		for (Entry entry : this.sessions.values()) {
			if (!entry.isExpired(now)) {
				all.add(entry.data());
			}
		}
		return all;
	}

	/**
	 * Take over sessions another master held, keeping any this store already has under the
	 * same id (a worker of this master saved it since).
	 * @param taken the sessions, least recently used first
	 * @return how many were taken
	 */
	public synchronized int restore(List<SessionData> taken) {
		long now = this.clock.getAsLong();
		int count = 0;
		for (SessionData data : taken) {
			if (this.sessions.containsKey(data.id())) {
				continue;
			}
			Entry entry = new Entry(data.id(), data.creationTime());
			entry.lastAccessedTime = data.lastAccessedTime();
			entry.maxInactiveSeconds = data.maxInactiveSeconds();
			entry.attributes.putAll(data.attributes());
			if (entry.isExpired(now)) {
				continue;
			}
			entry.size = entry.size();
			this.sessions.put(entry.id, entry);
			this.bytes += entry.size;
			count++;
		}
		evict(null, now);
		return count;
	}

	private void remove(String id) {
		Entry removed = this.sessions.remove(id);
		if (removed != null) {
			this.bytes -= removed.size;
		}
	}

	private void evict(@Nullable String keep, long now) {
		Iterator<Entry> oldest = this.sessions.values().iterator();
		while (this.bytes > this.maxBytes && oldest.hasNext()) {
			Entry entry = oldest.next();
			if (entry.id.equals(keep)) {
				continue;
			}
			oldest.remove();
			this.bytes -= entry.size;
			this.evicted++;
			logger.warn("Evicted the least recently used session (" + DataSizes.format(entry.size) + ", unused for "
					+ Duration.ofMillis(Math.max(0, now - entry.lastAccessedTime)).toSeconds()
					+ "s) to keep the pool's session store within cluster.master.sessions.max-bytes="
					+ DataSizes.format(this.maxBytes) + "; its user must log in again. Raise the limit, or move "
					+ "to a store of its own (Spring Session Redis or JDBC)");
		}
	}

	private void sweepIfDue(long now) {
		if (now - this.lastSweep < SWEEP_INTERVAL.toMillis()) {
			return;
		}
		this.lastSweep = now;
		Iterator<Entry> entries = this.sessions.values().iterator();
		while (entries.hasNext()) {
			Entry entry = entries.next();
			if (entry.isExpired(now)) {
				entries.remove();
				this.bytes -= entry.size;
				this.expired++;
			}
		}
	}

	private static final class Entry {

		private final String id;

		private final long creationTime;

		private final Map<String, byte[]> attributes = new HashMap<>();

		private long lastAccessedTime;

		private long maxInactiveSeconds;

		private long size;

		/** The workers that may answer from a copy of this session. */
		private final Set<Integer> holders = new HashSet<>(4);

		Entry(String id, long creationTime) {
			this.id = id;
			this.creationTime = creationTime;
			this.lastAccessedTime = creationTime;
		}

		Entry copy(String id) {
			Entry copy = new Entry(id, this.creationTime);
			copy.attributes.putAll(this.attributes);
			copy.lastAccessedTime = this.lastAccessedTime;
			copy.maxInactiveSeconds = this.maxInactiveSeconds;
			return copy;
		}

		boolean isExpired(long now) {
			long grace = this.holders.isEmpty() ? 0 : copyLifetime(this.maxInactiveSeconds).toMillis();
			return this.maxInactiveSeconds > 0 && now - this.lastAccessedTime >= this.maxInactiveSeconds * 1000 + grace;
		}

		long size() {
			long size = SESSION_OVERHEAD + 2L * this.id.length();
			for (Map.Entry<String, byte[]> attribute : this.attributes.entrySet()) {
				size += ATTRIBUTE_OVERHEAD + 2L * attribute.getKey().length() + attribute.getValue().length;
			}
			return size;
		}

		SessionData data() {
			return new SessionData(this.id, this.creationTime, this.lastAccessedTime, this.maxInactiveSeconds,
					this.attributes);
		}

	}

}
