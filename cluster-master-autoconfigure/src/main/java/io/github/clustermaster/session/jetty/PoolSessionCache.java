package io.github.clustermaster.session.jetty;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.session.AbstractSessionCache;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.thread.AutoLock;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty {@code SessionCache} whose sessions the pool shares. It holds a session only
 * while requests of this worker use it: every request asks the store for its session
 * ({@link SessionStoreClient#find}, answered from this worker's copy while it is young,
 * so without a round trip), and gets the session in use when it was made from the same
 * answer, else a new one over that answer (whose attributes are read once per copy, not
 * once per request). Keeping sessions past their requests, as Jetty's default cache does,
 * would need each to be checked against the store anyway, and would add an eviction of
 * its own.
 * <p>
 * What a request changed is saved when Jetty is about to commit its response (Jetty's
 * {@code flushOnResponseCommit}, here whether or not Jetty saw a change: an attribute read
 * and changed in place is one), so the store has it before the client can act on the
 * response, and again when the request leaves the session (what changed while the
 * response was being written); a save that finds nothing changed sends nothing. A new id
 * (session fixation protection at login) moves the session at its next save; an
 * invalidated session is deleted from the store at once. Only the store expires a
 * session.
 *
 * @author cluster-master
 */
public final class PoolSessionCache extends AbstractSessionCache {

	private final SessionStoreClient store;

	private final PoolSessionDataStore data;

	/** The sessions requests of this worker are in, by id. */
	private final Map<String, ManagedSession> inUse = new ConcurrentHashMap<>();

	/**
	 * Create a cache, with its data store.
	 * @param manager Jetty's session handler
	 * @param store the pool's store
	 * @param codec how attributes are serialized
	 */
	public PoolSessionCache(SessionManager manager, SessionStoreClient store, SessionAttributes codec) {
		super(manager);
		this.store = store;
		this.data = new PoolSessionDataStore(store, codec);
		setSessionDataStore(this.data);
		this._evictionPolicy = EVICT_ON_SESSION_EXIT;
		this._flushOnResponseCommit = true;
	}

	@Override
	public ManagedSession newSession(SessionData data) {
		return new PoolManagedSession(getSessionManager(), data);
	}

	@Override
	protected @Nullable ManagedSession getAndEnter(String id, boolean enter) {
		ManagedSession local = this.inUse.get(id);
		if (local instanceof PoolManagedSession session && session.data().storedId() == null
				&& enterIfResident(session, enter)) {
			// A new session this worker has not saved yet is its own
			return session;
		}
		FoundSession found = this.store.find(id);
		if (found == null) {
			return null;
		}
		if (local instanceof PoolManagedSession session && session.data().found() == found
				&& enterIfResident(session, enter)) {
			return session;
		}
		PoolManagedSession copy = new PoolManagedSession(getSessionManager(), this.data.data(found));
		copy.getSessionData().setLastNode(this._context.getWorkerName());
		try (AutoLock lock = copy.lock()) {
			copy.setResident(true);
			if (enter) {
				copy.enter();
			}
		}
		if (enter) {
			this.inUse.put(id, copy);
		}
		return copy;
	}

	private static boolean enterIfResident(PoolManagedSession session, boolean enter) {
		try (AutoLock lock = session.lock()) {
			if (!session.isResident() || !session.isValid()) {
				return false;
			}
			if (enter) {
				session.enter();
			}
			return true;
		}
	}

	/** Save what the request changed before Jetty commits its response. */
	@Override
	public void commit(@Nullable ManagedSession session) throws Exception {
		if (session == null) {
			return;
		}
		try (AutoLock lock = session.lock()) {
			if (session.isValid() && isFlushOnResponseCommit()) {
				this.data.store(session.getId(), session.getSessionData());
			}
		}
	}

	/** A request leaves the session: save what changed since the commit; the last one forgets it. */
	@Override
	public void release(ManagedSession session) throws Exception {
		String id = session.getId();
		try (AutoLock lock = session.lock()) {
			if (session.isInvalidOrInvalidating()) {
				this.inUse.remove(id, session);
				return;
			}
			session.release();
			if (session.getRequests() <= 0) {
				try {
					this.data.store(id, session.getSessionData());
				}
				finally {
					this.inUse.remove(id, session);
					// Stops its inactivity timer: the store expires sessions
					session.setResident(false);
				}
			}
		}
	}

	/**
	 * Give the session of the request that changes its id the new one; the store moves it
	 * at its next save. Another request's copy of the session is left as it is.
	 */
	@Override
	public @Nullable ManagedSession renewSessionId(String oldId, String newId, String oldExtendedId,
			String newExtendedId) throws Exception {
		ManagedSession local = this.inUse.get(oldId);
		if (!(local instanceof PoolManagedSession session) || !session.isChangingId()) {
			return null;
		}
		try (AutoLock lock = session.lock()) {
			session.enter();
			session.getSessionData().setId(newId);
			session.setExtendedId(newExtendedId);
			session.onIdChanged();
			this.inUse.remove(oldId, session);
			this.inUse.put(newId, session);
		}
		return session;
	}

	/** Delete a session from the store (it was invalidated) and forget it here. */
	@Override
	public @Nullable ManagedSession delete(String id) throws Exception {
		ManagedSession local = this.inUse.remove(id);
		this.data.delete(id);
		if (local != null) {
			local.setResident(false);
		}
		return local;
	}

	@Override
	public boolean exists(String id) throws Exception {
		ManagedSession local = this.inUse.get(id);
		if (local != null && local.isValid()) {
			return true;
		}
		return this.data.exists(id);
	}

	@Override
	public boolean contains(String id) {
		return this.inUse.containsKey(id);
	}

	/** The store expires sessions: none is expired here. */
	@Override
	public Set<String> checkExpiration(Set<String> candidates) {
		return new HashSet<>();
	}

	@Override
	public void checkInactiveSession(ManagedSession session) {
		// Sessions are held only while in use, and the store expires them
	}

	/** Stopping keeps the sessions: they are the pool's, and the master keeps them. */
	@Override
	public void shutdown() {
		this.inUse.clear();
	}

	@Override
	protected @Nullable ManagedSession doGet(String id) {
		return this.inUse.get(id);
	}

	@Override
	protected @Nullable Session doPutIfAbsent(String id, ManagedSession session) {
		return this.inUse.putIfAbsent(id, session);
	}

	@Override
	protected ManagedSession doComputeIfAbsent(String id, Function<String, ManagedSession> mappingFunction) {
		return this.inUse.computeIfAbsent(id, mappingFunction);
	}

	@Override
	protected boolean doReplace(String id, ManagedSession oldValue, ManagedSession newValue) {
		return this.inUse.replace(id, oldValue, newValue);
	}

	@Override
	public @Nullable ManagedSession doDelete(String id) {
		return this.inUse.remove(id);
	}

}
