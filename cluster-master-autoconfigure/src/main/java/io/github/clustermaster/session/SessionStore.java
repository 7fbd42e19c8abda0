package io.github.clustermaster.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

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
 *
 * @author cluster-master
 */
public final class SessionStore implements SessionRequests {

	private static final Log logger = LogFactory.getLog(SessionStore.class);

	/** What a session costs beyond its attributes: the entry, its id, its map. */
	static final int SESSION_OVERHEAD = 200;

	/** What an attribute costs beyond its name and value: its map entry. */
	static final int ATTRIBUTE_OVERHEAD = 48;

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

	@Override
	public @Nullable SessionData answer(int worker, SessionCall call) {
		return switch (call.op()) {
			case FIND -> find(call.id());
			case SAVE -> {
				save(call);
				yield null;
			}
			case DELETE -> {
				delete(call.id());
				yield null;
			}
			case HAND_OVER -> throw new IllegalArgumentException("A worker cannot ask for the whole session store");
		};
	}

	/**
	 * Find a session and mark it used.
	 * @param id its id
	 * @return the session, or {@code null} if there is none or it expired
	 */
	public synchronized @Nullable SessionData find(String id) {
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
		return entry.data();
	}

	/**
	 * Save what changed in a session: create it if it is new (or expired meanwhile), move
	 * it to its new id if it changed, set and remove its attributes.
	 * @param call the save
	 * @throws IllegalArgumentException if the session alone is larger than the store
	 */
	public synchronized void save(SessionCall call) {
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
		if (current != null) {
			remove(from);
		}
		remove(call.id());
		this.sessions.put(next.id, next);
		next.size = size;
		this.bytes += size;
		evict(next.id, now);
	}

	/**
	 * Remove a session.
	 * @param id its id
	 */
	public synchronized void delete(String id) {
		remove(id);
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
			return this.maxInactiveSeconds > 0 && now - this.lastAccessedTime >= this.maxInactiveSeconds * 1000;
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
