package io.github.clustermaster.master;

import io.github.clustermaster.control.SessionsDescriptor;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.session.ClusterSessionProperties;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.session.SessionStoreStats;
import org.jspecify.annotations.Nullable;

/**
 * The master's side of the pool's shared HTTP sessions: the store, answered on the
 * workers' IPC threads, and its figures for {@code GET /actuator/cluster}.
 *
 * @author cluster-master
 */
final class MasterSessions {

	private MasterSessions() {
	}

	static SessionStore serve(ClusterSessionProperties properties, IpcServer server) {
		SessionStore store = new SessionStore(properties.getMaxBytes(), System::currentTimeMillis);
		server.serveSessions(store);
		return store;
	}

	static @Nullable SessionsDescriptor describe(@Nullable SessionStore store) {
		if (store == null) {
			return null;
		}
		SessionStoreStats stats = store.stats();
		return new SessionsDescriptor(stats.sessions(), stats.bytes(), stats.maxBytes(), stats.evicted(),
				stats.expired());
	}

}
