package io.github.clustermaster.session.tomcat;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionAttributes;
import org.apache.catalina.session.StandardSession;
import org.jspecify.annotations.Nullable;

/**
 * A Tomcat session of the pool's store: a worker's copy of the session the store holds,
 * shared by the requests of this worker that find the same copy (as Tomcat's in-memory
 * sessions are), with what was changed since the store last took it. Attributes are read
 * back from the copy's bytes when first asked for. The store decides when the session
 * expires: a copy never times out on its own.
 *
 * @author cluster-master
 */
final class PoolTomcatSession extends StandardSession {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient PoolSessionManager pool;

	private final transient SessionAttributes codec;

	/** The copy of the store's session this one was made from, or {@code null} for a new one. */
	private final transient @Nullable FoundSession found;

	/** The id the store knows it by, or {@code null} for a session not saved yet. */
	private transient volatile @Nullable String storedId;

	/** The serialized attributes as the store holds them. */
	private transient volatile Map<String, byte[]> stored;

	/** The attributes set since the store last took the session. */
	private final transient Set<String> set = ConcurrentHashMap.newKeySet();

	/** The attributes removed since, that the store holds. */
	private final transient Set<String> removed = ConcurrentHashMap.newKeySet();

	/** Attributes read by code that ran outside a request's thread (async work), checked at the next save. */
	private final transient Set<String> readElsewhere = ConcurrentHashMap.newKeySet();

	/** What was remembered of each attribute read, to tell whether it changed in place. */
	private final transient Map<String, Object> marks = new ConcurrentHashMap<>();

	private transient volatile boolean timeoutChanged;

	/** When a request last used this copy, in {@link System#nanoTime()}. */
	private transient volatile long usedNanos = System.nanoTime();

	/**
	 * A new session, which the store does not know yet.
	 * @param pool its manager
	 */
	PoolTomcatSession(PoolSessionManager pool) {
		super(pool);
		this.pool = pool;
		this.codec = pool.codec();
		this.found = null;
		this.storedId = null;
		this.stored = Map.of();
	}

	/**
	 * A copy of a session the store holds; the manager adds it under its id.
	 * @param pool its manager
	 * @param found the store's answer
	 */
	PoolTomcatSession(PoolSessionManager pool, FoundSession found) {
		super(pool);
		this.pool = pool;
		this.codec = pool.codec();
		this.found = found;
		SessionData data = found.data();
		this.creationTime = data.creationTime();
		this.lastAccessedTime = data.lastAccessedTime();
		this.thisAccessedTime = data.lastAccessedTime();
		this.maxInactiveInterval = (int) Math.min(Integer.MAX_VALUE, data.maxInactiveSeconds());
		this.isNew = false;
		this.isValid = true;
		this.storedId = data.id();
		this.stored = data.attributes();
	}

	@Nullable FoundSession found() {
		return this.found;
	}

	@Nullable String storedId() {
		return this.storedId;
	}

	long usedNanos() {
		return this.usedNanos;
	}

	/** The store decides when a session has expired, not a worker's copy of it. */
	@Override
	public boolean isValid() {
		return this.isValid;
	}

	@Override
	public void access() {
		super.access();
		this.usedNanos = System.nanoTime();
		RequestSessions.accessed(this);
	}

	@Override
	public @Nullable Object getAttribute(@Nullable String name) {
		Object value = super.getAttribute(name);
		if (name == null) {
			return null;
		}
		FoundSession found = this.found;
		if (value == null && found != null && !this.removed.contains(name) && this.stored.containsKey(name)
				&& !this.set.contains(name)) {
			value = found.attribute(name, this.codec);
			if (value == null) {
				return null;
			}
			Object first = this.attributes.putIfAbsent(name, value);
			if (first != null) {
				value = first;
			}
			else {
				this.marks.put(name, this.codec.mark(value));
			}
		}
		if (value != null && !RequestSessions.read(this, name)) {
			this.readElsewhere.add(name);
		}
		return value;
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		Enumeration<String> names = super.getAttributeNames();
		Set<String> all = new LinkedHashSet<>(this.stored.keySet());
		all.removeAll(this.removed);
		all.addAll(Collections.list(names));
		return Collections.enumeration(all);
	}

	@Override
	public void setAttribute(String name, @Nullable Object value, boolean notify) {
		if (value != null) {
			this.codec.check(name, value);
		}
		super.setAttribute(name, value, notify);
		if (value != null) {
			this.set.add(name);
			this.removed.remove(name);
			this.marks.remove(name);
		}
	}

	@Override
	public void removeAttribute(String name, boolean notify) {
		super.removeAttribute(name, notify);
		this.set.remove(name);
		this.marks.remove(name);
		if (this.stored.containsKey(name)) {
			this.removed.add(name);
		}
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		if (interval != this.maxInactiveInterval) {
			this.timeoutChanged = true;
		}
		super.setMaxInactiveInterval(interval);
	}

	/**
	 * Give the store what changed since it last took the session: the attributes set,
	 * those read that were changed in place, the names removed, a new id or timeout. A
	 * session nothing changed in costs nothing; a new one is always saved, so that the
	 * other workers find it.
	 * @param reads the attributes the request read
	 */
	void save(Set<String> reads) {
		if (!this.isValid) {
			return;
		}
		List<String> setNow = drain(this.set);
		List<String> removedNow = drain(this.removed);
		Set<String> checked = new LinkedHashSet<>(reads);
		checked.addAll(drain(this.readElsewhere));
		try {
			Map<String, byte[]> changed = new HashMap<>();
			for (String name : setNow) {
				Object value = this.attributes.get(name);
				if (value != null) {
					changed.put(name, this.codec.serialize(name, value));
				}
			}
			Map<String, byte[]> stored = this.stored;
			for (String name : checked) {
				Object value = this.attributes.get(name);
				if (value != null && !changed.containsKey(name) && !this.set.contains(name)) {
					byte[] bytes = this.codec.changedInPlace(name, value, this.marks.get(name), stored.get(name));
					if (bytes != null) {
						changed.put(name, bytes);
					}
				}
			}
			String storedId = this.storedId;
			String id = this.id;
			boolean moved = storedId != null && !storedId.equals(id);
			boolean timeoutChanged = this.timeoutChanged;
			if (storedId != null && !moved && changed.isEmpty() && removedNow.isEmpty() && !timeoutChanged) {
				return;
			}
			this.timeoutChanged = false;
			this.pool.store()
				.call(new SessionCall(SessionCall.Op.SAVE, id, moved ? storedId : null, this.creationTime,
						this.maxInactiveInterval, changed, removedNow));
			saved(changed, removedNow, id);
		}
		catch (NotSerializableAttributeException ex) {
			// It can never be sent: it goes from this copy too; the rest is sent by the caller's next save
			this.attributes.remove(ex.getAttribute());
			this.marks.remove(ex.getAttribute());
			setNow.stream().filter((name) -> !name.equals(ex.getAttribute())).forEach(this.set::add);
			this.removed.addAll(removedNow);
			checked.remove(ex.getAttribute());
			this.readElsewhere.addAll(checked);
			throw ex;
		}
		catch (RuntimeException ex) {
			// The request's changes are not kept: the next request builds this worker's copy from the store again
			this.pool.forget(this);
			throw ex;
		}
	}

	private synchronized void saved(Map<String, byte[]> sent, List<String> gone, String id) {
		Map<String, byte[]> stored = new HashMap<>(this.stored);
		stored.putAll(sent);
		gone.forEach(stored::remove);
		this.stored = stored;
		sent.forEach((name, bytes) -> {
			Object value = this.attributes.get(name);
			if (value != null) {
				this.marks.put(name, this.codec.mark(value));
			}
		});
		this.storedId = id;
	}

	private static List<String> drain(Set<String> names) {
		if (names.isEmpty()) {
			return List.of();
		}
		List<String> drained = new ArrayList<>(names.size());
		for (Iterator<String> each = names.iterator(); each.hasNext();) {
			drained.add(each.next());
			each.remove();
		}
		return drained;
	}

}
