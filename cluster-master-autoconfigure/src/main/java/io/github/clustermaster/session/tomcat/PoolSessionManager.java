package io.github.clustermaster.session.tomcat;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.session.SessionStoreClient;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Session;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.StandardSession;
import org.jspecify.annotations.Nullable;

/**
 * A Tomcat {@code Manager} whose sessions the pool shares: a session is found in the
 * store the master holds (one IPC round trip, none while this worker keeps a young copy
 * of it), and the sessions it holds itself are those copies, which a request of this
 * worker finds as it would find Tomcat's in-memory sessions. {@link PoolSessionValve}
 * saves what a request changed; an invalidated session is deleted from the store at
 * once. Copies are dropped, with no listener told, when the store's copy changes and
 * when unused for a copy's lifetime; only the store expires a session. Nothing is
 * written to disk when the worker stops: the sessions stay in the master.
 *
 * @author cluster-master
 */
public final class PoolSessionManager extends ManagerBase {

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	private final @Nullable Integer timeout;

	/**
	 * Create a manager.
	 * @param sessions the pool's store, the codec and the timeout of a new session
	 */
	public PoolSessionManager(ServletSessions sessions) {
		this.store = sessions.store();
		this.codec = sessions.codec();
		this.timeout = sessions.timeoutSeconds();
		// Drop unused copies every background run (10 s by default), not every sixth
		setProcessExpiresFrequency(1);
	}

	SessionStoreClient store() {
		return this.store;
	}

	SessionAttributes codec() {
		return this.codec;
	}

	@Override
	public String getName() {
		return "PoolSessionManager";
	}

	@Override
	protected StandardSession getNewSession() {
		return new PoolTomcatSession(this);
	}

	@Override
	public Session createSession(@Nullable String sessionId) {
		Session session = super.createSession(sessionId);
		Integer timeout = this.timeout;
		if (timeout != null) {
			session.setMaxInactiveInterval(timeout);
		}
		return session;
	}

	/**
	 * The session of that id: this worker's copy when the store's answer is still the one
	 * it was made from, else a new copy of the store's answer; a new session this worker
	 * has not saved yet is its own.
	 * @throws io.github.clustermaster.session.SessionStoreException if the store does not
	 * answer: the request fails rather than losing its session
	 */
	@Override
	public @Nullable Session findSession(@Nullable String id) {
		if (id == null) {
			return null;
		}
		Session local = this.sessions.get(id);
		if (local instanceof PoolTomcatSession session && session.storedId() == null && session.isValid()) {
			return session;
		}
		FoundSession found = this.store.find(id);
		if (found == null) {
			if (local != null) {
				this.sessions.remove(id, local);
			}
			return null;
		}
		if (local instanceof PoolTomcatSession session && session.found() == found && session.isValid()) {
			return session;
		}
		PoolTomcatSession copy = new PoolTomcatSession(this, found);
		copy.setId(id, false);
		return copy;
	}

	/**
	 * Forget a session; when it expired (it was invalidated), delete it from the store
	 * too.
	 */
	@Override
	public void remove(Session session, boolean update) {
		String id = session.getIdInternal();
		if (id != null) {
			this.sessions.remove(id, session);
		}
		if (update) {
			super.remove(session, true);
			if (session instanceof PoolTomcatSession pooled && pooled.storedId() != null) {
				this.store.call(SessionCall.delete(pooled.storedId()));
			}
		}
	}

	/**
	 * Drop this worker's copy of a session whose changes the store did not take.
	 * @param session the copy
	 */
	void forget(PoolTomcatSession session) {
		String id = session.getIdInternal();
		if (id != null) {
			this.sessions.remove(id, session);
		}
	}

	/** Drop the copies no request used for a copy's lifetime; the store keeps the sessions. */
	@Override
	public void processExpires() {
		long now = System.nanoTime();
		for (Session session : findSessions()) {
			if (session instanceof PoolTomcatSession pooled && now - pooled.usedNanos() > SessionStore
				.copyLifetime(pooled.getMaxInactiveInterval()).toNanos()) {
				this.sessions.remove(pooled.getIdInternal(), pooled);
			}
		}
	}

	@Override
	protected void startInternal() throws LifecycleException {
		super.startInternal();
		setState(LifecycleState.STARTING);
	}

	/** Stopping keeps the sessions: they are the pool's, and the master keeps them. */
	@Override
	protected void stopInternal() throws LifecycleException {
		setState(LifecycleState.STOPPING);
		super.stopInternal();
	}

	@Override
	public void load() {
		// The sessions are the master's: nothing to read when the worker starts
	}

	@Override
	public void unload() {
		// nor to write when it stops
	}

}
