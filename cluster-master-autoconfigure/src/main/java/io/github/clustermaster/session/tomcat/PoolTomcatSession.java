package io.github.clustermaster.session.tomcat;

import java.io.Serial;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionChanges;
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

	/** What changed since the store last took the session. */
	private final transient SessionChanges changes;

	/** When a request last used this copy, in {@link System#nanoTime()}. */
	private transient volatile long usedNanos = System.nanoTime();

	/**
	 * A new session, which the store does not know yet.
	 * @param pool its manager
	 */
	PoolTomcatSession(PoolSessionManager pool) {
		super(pool);
		this.pool = pool;
		this.changes = new SessionChanges(pool.codec(), null, SessionChanges.AfterFailure.DROP);
	}

	/**
	 * A copy of a session the store holds; the manager adds it under its id.
	 * @param pool its manager
	 * @param found the store's answer
	 */
	PoolTomcatSession(PoolSessionManager pool, FoundSession found) {
		super(pool);
		this.pool = pool;
		this.changes = new SessionChanges(pool.codec(), found, SessionChanges.AfterFailure.DROP);
		SessionData data = found.data();
		this.creationTime = data.creationTime();
		this.lastAccessedTime = data.lastAccessedTime();
		this.thisAccessedTime = data.lastAccessedTime();
		this.maxInactiveInterval = (int) Math.min(Integer.MAX_VALUE, data.maxInactiveSeconds());
		this.isNew = false;
		this.isValid = true;
	}

	@Nullable FoundSession found() {
		return this.changes.found();
	}

	@Nullable String storedId() {
		return this.changes.storedId();
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
		if (value == null) {
			value = this.changes.load(name, this.attributes);
		}
		if (value != null && !RequestSessions.read(this, name)) {
			this.changes.readElsewhere(name);
		}
		return value;
	}

	@Override
	public Enumeration<String> getAttributeNames() {
		return Collections.enumeration(this.changes.names(Collections.list(super.getAttributeNames())));
	}

	@Override
	public void setAttribute(String name, @Nullable Object value, boolean notify) {
		if (value != null) {
			this.pool.codec().check(name, value);
		}
		super.setAttribute(name, value, notify);
		if (value != null) {
			this.changes.set(name);
		}
	}

	@Override
	public void removeAttribute(String name, boolean notify) {
		super.removeAttribute(name, notify);
		this.changes.removed(name);
	}

	@Override
	public void setMaxInactiveInterval(int interval) {
		if (interval != this.maxInactiveInterval) {
			this.changes.timeoutChanged();
		}
		super.setMaxInactiveInterval(interval);
	}

	/**
	 * Give the store what changed since it last took the session ({@link SessionChanges#save}).
	 * An attribute that cannot be serialized is dropped and the rest kept for the next
	 * save; when the store does not take it, the request's changes are not kept: the
	 * manager forgets this copy and the next request builds it from the store again.
	 * @param reads the attributes the request read
	 */
	void save(Set<String> reads) {
		if (!this.isValid) {
			return;
		}
		try {
			this.changes.save(this.pool.store(),
					new SessionChanges.Saved(this.id, this.creationTime, this.maxInactiveInterval), this.attributes,
					reads);
		}
		catch (NotSerializableAttributeException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.pool.forget(this);
			throw ex;
		}
	}

}
