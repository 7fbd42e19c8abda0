package io.github.clustermaster.session.jetty;

import java.util.HashSet;
import java.util.Set;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.jspecify.annotations.Nullable;

/**
 * A Jetty {@code SessionDataStore} over the pool's store, which the master holds: a load
 * is a find (one IPC round trip, none while this worker keeps a young copy of the
 * session), a store sends only what changed since the store last took the session, and
 * nothing at all when nothing did (Jetty's own stores write a session whenever its access
 * time moved). The store expires sessions, so this one reports none expired; nothing is
 * written to disk.
 *
 * @author cluster-master
 */
public final class PoolSessionDataStore extends AbstractSessionDataStore {

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	/**
	 * Create a data store.
	 * @param store the pool's store
	 * @param codec how attributes are serialized
	 */
	public PoolSessionDataStore(SessionStoreClient store, SessionAttributes codec) {
		this.store = store;
		this.codec = codec;
	}

	@Override
	public SessionData newSessionData(String id, long created, long accessed, long lastAccessed,
			long maxInactiveMs) {
		return new PoolSessionData(this.codec, id, this._context.getCanonicalContextPath(), this._context.getVhost(),
				created, maxInactiveMs);
	}

	/**
	 * The data of a session the store answered.
	 * @param found the store's answer
	 * @return its data
	 */
	PoolSessionData data(FoundSession found) {
		return new PoolSessionData(this.codec, found, this._context.getCanonicalContextPath(),
				this._context.getVhost());
	}

	@Override
	public @Nullable SessionData load(String id) {
		return doLoad(id);
	}

	@Override
	public @Nullable SessionData doLoad(String id) {
		FoundSession found = this.store.find(id);
		return (found != null) ? data(found) : null;
	}

	/** Send what changed, if anything did; a session this store did not make is not the pool's. */
	@Override
	public void store(String id, SessionData data) {
		if (data instanceof PoolSessionData pooled) {
			pooled.save(this.store);
		}
	}

	@Override
	public void doStore(String id, SessionData data, long lastSaveTime) {
		store(id, data);
	}

	@Override
	public boolean delete(String id) {
		this.store.call(SessionCall.delete(id));
		return true;
	}

	@Override
	public boolean exists(String id) {
		return doExists(id);
	}

	@Override
	public boolean doExists(String id) {
		return this.store.find(id) != null;
	}

	/** The pool's store expires sessions; a worker never does. */
	@Override
	public Set<String> getExpired(Set<String> candidates) {
		return new HashSet<>();
	}

	@Override
	public Set<String> doCheckExpired(Set<String> candidates, long time) {
		return new HashSet<>();
	}

	@Override
	public Set<String> doGetExpired(long before) {
		return new HashSet<>();
	}

	@Override
	public void doCleanOrphans(long time) {
		// The pool's store expires sessions
	}

	/** Sessions stay live objects in the worker: they are never passivated. */
	@Override
	public boolean isPassivating() {
		return false;
	}

}
