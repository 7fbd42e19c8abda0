package io.github.clustermaster.session.jetty;

import java.io.Serial;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionChanges;
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

	/** What changed since the store last took the session. */
	private final transient SessionChanges changes;

	/**
	 * A new session, which the store does not know yet.
	 */
	PoolSessionData(SessionAttributes codec, String id, String contextPath, String vhost, long created,
			long maxInactiveMs) {
		super(id, contextPath, vhost, created, created, created, maxInactiveMs);
		this.codec = codec;
		this.changes = new SessionChanges(codec, null, SessionChanges.AfterFailure.SEND_AGAIN);
	}

	/**
	 * A copy of a session the store holds.
	 */
	PoolSessionData(SessionAttributes codec, FoundSession found, String contextPath, String vhost) {
		super(found.data().id(), contextPath, vhost, found.data().creationTime(), found.data().lastAccessedTime(),
				found.data().lastAccessedTime(), maxInactiveMs(found.data()));
		SessionData data = found.data();
		this.codec = codec;
		this.changes = new SessionChanges(codec, found, SessionChanges.AfterFailure.SEND_AGAIN);
		// Jetty treats a session never saved as new
		setLastSaved(Math.max(1, data.lastAccessedTime()));
	}

	private static long maxInactiveMs(SessionData data) {
		return (data.maxInactiveSeconds() > 0) ? data.maxInactiveSeconds() * 1000 : -1;
	}

	@Nullable FoundSession found() {
		return this.changes.found();
	}

	@Nullable String storedId() {
		return this.changes.storedId();
	}

	@Override
	public @Nullable Object getAttribute(String name) {
		Object value = this._attributes.get(name);
		return (value != null) ? value : this.changes.load(name, this._attributes);
	}

	@Override
	public Set<String> getKeys() {
		return this.changes.names(this._attributes.keySet());
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
			this.changes.set(name, value, bytes);
		}
		else {
			this._attributes.remove(name);
			this.changes.removed(name);
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
			this.changes.timeoutChanged();
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
		long maxInactiveMs = getMaxInactiveMs();
		this.changes.save(store, new SessionChanges.Saved(getId(), getCreated(),
				(maxInactiveMs > 0) ? Math.max(1, maxInactiveMs / 1000) : 0), this._attributes,
				this._attributes.keySet());
	}

}
