package io.github.clustermaster.session.jetty;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collections;
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
import io.github.clustermaster.session.SessionStoreClient;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty session's data as the pool's store holds it: the attributes are read back from
 * the worker's copy when first asked for (shared with the other requests of this worker
 * that found the same copy), and what changed since the store last took the session is
 * all that {@link #save} sends. An attribute set is serialized at once, so that one that
 * cannot cross to the other workers fails in the application's own call, naming it. The
 * store decides when the session expires: this data never does.
 *
 * @author cluster-master
 */
final class PoolSessionData extends org.eclipse.jetty.session.SessionData {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient SessionAttributes codec;

	/** The copy of the store's session this was made from, or {@code null} for a new one. */
	private final transient @Nullable FoundSession found;

	/** The id the store knows it by, or {@code null} for a session not saved yet. */
	private transient volatile @Nullable String storedId;

	/** The serialized attributes as the store holds them. */
	private transient volatile Map<String, byte[]> stored;

	/** The attributes set since the store last took the session, serialized when set. */
	private final transient Map<String, byte[]> pending = new ConcurrentHashMap<>();

	/** The attributes removed since, that the store holds. */
	private final transient Set<String> removed = ConcurrentHashMap.newKeySet();

	/** What was remembered of each attribute read or set, to tell whether it changed in place. */
	private final transient Map<String, Object> marks = new ConcurrentHashMap<>();

	private transient volatile boolean timeoutChanged;

	/**
	 * A new session, which the store does not know yet.
	 */
	PoolSessionData(SessionAttributes codec, String id, String contextPath, String vhost, long created,
			long maxInactiveMs) {
		super(id, contextPath, vhost, created, created, created, maxInactiveMs);
		this.codec = codec;
		this.found = null;
		this.storedId = null;
		this.stored = Map.of();
	}

	/**
	 * A copy of a session the store holds.
	 */
	PoolSessionData(SessionAttributes codec, FoundSession found, String contextPath, String vhost) {
		super(found.data().id(), contextPath, vhost, found.data().creationTime(), found.data().lastAccessedTime(),
				found.data().lastAccessedTime(), maxInactiveMs(found.data()));
		SessionData data = found.data();
		this.codec = codec;
		this.found = found;
		this.storedId = data.id();
		this.stored = data.attributes();
		// Jetty treats a session never saved as new
		setLastSaved(Math.max(1, data.lastAccessedTime()));
	}

	private static long maxInactiveMs(SessionData data) {
		return (data.maxInactiveSeconds() > 0) ? data.maxInactiveSeconds() * 1000 : -1;
	}

	@Nullable FoundSession found() {
		return this.found;
	}

	@Nullable String storedId() {
		return this.storedId;
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		Object value = this._attributes.get(name);
		FoundSession found = this.found;
		if (value != null || found == null || this.removed.contains(name) || !this.stored.containsKey(name)
				|| this.pending.containsKey(name)) {
			return value;
		}
		value = found.attribute(name, this.codec);
		if (value == null) {
			return null;
		}
		Object first = this._attributes.putIfAbsent(name, value);
		if (first != null) {
			return first;
		}
		this.marks.put(name, this.codec.mark(value));
		return value;
	}

	@Override
	public Set<String> getKeys() {
		Set<String> keys = new LinkedHashSet<>(this.stored.keySet());
		keys.removeAll(this.removed);
		keys.addAll(this._attributes.keySet());
		return keys;
	}

	@Override
	public Map<String, Object> getAllAttributes() {
		Map<String, Object> all = new HashMap<>();
		for (String name : getKeys()) {
			Object value = getAttribute(name);
			if (value != null) {
				all.put(name, value);
			}
		}
		return Collections.unmodifiableMap(all);
	}

	/**
	 * Set or remove an attribute; a value is serialized at once, so that one that cannot
	 * cross to the other workers fails here naming it.
	 * @throws NotSerializableAttributeException if it, or an object it holds, is not
	 * serializable
	 */
	@Override
	public @Nullable Object setAttribute(String name, @Nullable Object value) {
		// The old value is the listeners' (attribute replaced or removed, value unbound)
		Object old = getAttribute(name);
		if (value != null) {
			byte[] bytes = this.codec.serialize(name, value);
			this._attributes.put(name, value);
			this.pending.put(name, bytes);
			this.marks.put(name, this.codec.mark(value));
			this.removed.remove(name);
		}
		else {
			this._attributes.remove(name);
			this.pending.remove(name);
			this.marks.remove(name);
			if (this.stored.containsKey(name)) {
				this.removed.add(name);
			}
		}
		if (value == null && old == null) {
			return null;
		}
		setDirty(name);
		return old;
	}

	@Override
	public void setMaxInactiveMs(long maxInactive) {
		if (maxInactive != this._maxInactiveMs) {
			this.timeoutChanged = true;
		}
		super.setMaxInactiveMs(maxInactive);
	}

	/** The pool's store decides when a session has expired, not a worker's copy of it. */
	@Override
	public boolean isExpiredAt(long time) {
		return false;
	}

	/**
	 * Give the store what changed since it last took the session: the attributes set,
	 * those read that were changed in place, the names removed, a new id or timeout. A
	 * session nothing changed in costs nothing; a new one is always saved, so that the
	 * other workers find it.
	 * @param store the pool's store
	 * @throws NotSerializableAttributeException if an attribute was changed in place into
	 * something that cannot be serialized: it is dropped, the rest is sent by the next save
	 * @throws io.github.clustermaster.session.SessionStoreException if the store did not
	 * take it: the next save sends it again
	 */
	synchronized void save(SessionStoreClient store) {
		Map<String, byte[]> setNow = drain(this.pending);
		List<String> removedNow = drain(this.removed);
		try {
			Map<String, byte[]> changed = new HashMap<>();
			setNow.forEach((name, bytes) -> {
				Object value = this._attributes.get(name);
				if (value != null) {
					byte[] now = this.codec.changedInPlace(name, value, this.marks.get(name), bytes);
					changed.put(name, (now != null) ? now : bytes);
				}
			});
			Map<String, byte[]> stored = this.stored;
			this._attributes.forEach((name, value) -> {
				if (!changed.containsKey(name) && !this.pending.containsKey(name)) {
					byte[] bytes = this.codec.changedInPlace(name, value, this.marks.get(name), stored.get(name));
					if (bytes != null) {
						changed.put(name, bytes);
					}
				}
			});
			String storedId = this.storedId;
			String id = getId();
			boolean moved = storedId != null && !storedId.equals(id);
			boolean timeoutChanged = this.timeoutChanged;
			if (storedId != null && !moved && changed.isEmpty() && removedNow.isEmpty() && !timeoutChanged) {
				return;
			}
			this.timeoutChanged = false;
			long maxInactiveMs = getMaxInactiveMs();
			store.call(new SessionCall(SessionCall.Op.SAVE, id, moved ? storedId : null, getCreated(),
					(maxInactiveMs > 0) ? Math.max(1, maxInactiveMs / 1000) : 0, changed, removedNow));
			saved(changed, removedNow, id);
		}
		catch (NotSerializableAttributeException ex) {
			// It can never be sent: it goes from this copy too, the rest is sent again
			this._attributes.remove(ex.getAttribute());
			this.marks.remove(ex.getAttribute());
			setNow.remove(ex.getAttribute());
			putBack(setNow, removedNow);
			throw ex;
		}
		catch (RuntimeException ex) {
			// Nothing is lost: the next save of this session sends it again
			this.timeoutChanged = true;
			putBack(setNow, removedNow);
			throw ex;
		}
	}

	private void putBack(Map<String, byte[]> setNow, List<String> removedNow) {
		setNow.forEach(this.pending::putIfAbsent);
		removedNow.stream().filter((name) -> !this._attributes.containsKey(name)).forEach(this.removed::add);
	}

	private void saved(Map<String, byte[]> sent, List<String> gone, String id) {
		Map<String, byte[]> stored = new HashMap<>(this.stored);
		stored.putAll(sent);
		gone.forEach(stored::remove);
		this.stored = stored;
		sent.forEach((name, bytes) -> {
			Object value = this._attributes.get(name);
			if (value != null) {
				this.marks.put(name, this.codec.mark(value));
			}
		});
		this.storedId = id;
	}

	private static Map<String, byte[]> drain(Map<String, byte[]> pending) {
		if (pending.isEmpty()) {
			return new HashMap<>();
		}
		Map<String, byte[]> drained = new HashMap<>();
		for (Map.Entry<String, byte[]> entry : pending.entrySet()) {
			if (pending.remove(entry.getKey(), entry.getValue())) {
				drained.put(entry.getKey(), entry.getValue());
			}
		}
		return drained;
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
