package io.github.clustermaster.session.jetty;

import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;

/**
 * A Jetty session of the pool's cache: Jetty's own, with what the cache needs to enter it
 * from outside Jetty's package.
 *
 * @author cluster-master
 */
final class PoolManagedSession extends ManagedSession {

	PoolManagedSession(SessionManager manager, SessionData data) {
		super(manager, data);
	}

	PoolSessionData data() {
		return (PoolSessionData) getSessionData();
	}

	/** Count one more request in this session (the caller holds its lock). */
	void enter() {
		use();
	}

	/** Whether its id is being changed (by {@code renewId}, on the request that asked). */
	boolean isChangingId() {
		return this._state == State.CHANGING;
	}

}
