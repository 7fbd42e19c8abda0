package io.github.clustermaster.master;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.github.clustermaster.control.SessionsDescriptor;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.SessionAnswer;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.ipc.SessionRequests;
import io.github.clustermaster.ipc.SessionStoreLink;
import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import io.github.clustermaster.master.upgrade.UpgradeEnvironment;
import io.github.clustermaster.session.ClusterSessionProperties;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.session.SessionStoreStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * The master's side of the pool's shared HTTP sessions: the store, answered on the
 * workers' IPC threads, its figures for {@code GET /actuator/cluster}, and its move to a
 * new master in an upgrade. While both pools serve, the old master's store is the only
 * one: the new master relays its workers' calls to it until it takes over, then takes
 * the whole store ({@link SessionCall.Op#HAND_OVER}), after which the old master relays
 * its draining workers' calls to the new one. A read-write lock makes the switch atomic:
 * no call is answered by a store that has already been handed over.
 *
 * @author cluster-master
 */
final class MasterSessions implements SessionRequests, ApplicationListener<MasterUpgradeEvent> {

	private static final Log logger = LogFactory.getLog(MasterSessions.class);

	private final SessionStore store;

	private final Path ownSocket;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	/** The old master's store, until this one takes over. */
	private volatile @Nullable SessionStoreLink predecessor;

	/** The new master's store, once this one handed its own over. */
	private volatile @Nullable SessionStoreLink successor;

	/** Set once the store is being handed over: no answer may be kept by a worker. */
	private volatile boolean handingOver;

	private final IpcServer server;

	MasterSessions(SessionStore store, IpcServer server, @Nullable SessionStoreLink predecessor) {
		this.store = store;
		this.server = server;
		this.ownSocket = server.socket();
		this.predecessor = predecessor;
	}

	/**
	 * The store, served on the IPC server; during an upgrade that started this master,
	 * first relayed to the store of the master it replaces.
	 */
	static MasterSessions serve(ClusterSessionProperties properties, IpcServer server,
			UpgradeEnvironment.@Nullable Predecessor replaced) {
		SessionStore store = new SessionStore(properties.getMaxBytes(), System::currentTimeMillis);
		SessionStoreLink link = null;
		if (replaced != null) {
			Path socket = replaced.socket().resolveSibling(IpcServer.SOCKET_NAME);
			try {
				link = SessionStoreLink.connect(socket);
				logger.info("Upgrade: the workers' sessions stay in master pid " + replaced.pid()
						+ " until this master takes them over");
			}
			catch (IOException ex) {
				logger.warn("Upgrade: cannot reach the sessions of master pid " + replaced.pid() + " on " + socket + " ("
						+ ex.getMessage() + "); this master's workers start with none, and their users log in again");
			}
		}
		MasterSessions sessions = new MasterSessions(store, server, link);
		server.serveSessions(sessions);
		return sessions;
	}

	SessionStore store() {
		return this.store;
	}

	/**
	 * Answer a worker's call from this master's store, or relayed to the other master's
	 * during an upgrade; a relayed answer may not be kept by the worker (the other store
	 * cannot invalidate its copy), nor one given while the store is being handed over.
	 */
	@Override
	public SessionAnswer answer(int worker, SessionCall call) {
		this.lock.readLock().lock();
		try {
			SessionStoreLink link = (this.predecessor != null) ? this.predecessor : this.successor;
			if (link == null) {
				SessionAnswer answer = this.store.answer(worker, call);
				return this.handingOver ? new SessionAnswer(answer.session(), false, answer.stale()) : answer;
			}
			try {
				return SessionAnswer.uncached(link.call(call));
			}
			catch (IOException ex) {
				throw new IllegalStateException("The other master's session store is gone (" + ex.getMessage() + ")",
						ex);
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Hand the store over: first every worker of this master drops its copies (they could
	 * not be invalidated once the new master holds the store; answers from now on may not
	 * be kept), then the sessions go.
	 */
	@Override
	public List<SessionData> handOver(Path successor) {
		this.handingOver = true;
		this.server.invalidateAllSessions();
		this.lock.writeLock().lock();
		try {
			SessionStoreLink link;
			try {
				link = SessionStoreLink.connect(successor);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot reach the new master's IPC socket " + successor + ": "
						+ ex.getMessage(), ex);
			}
			List<SessionData> sessions = this.store.snapshot();
			this.successor = link;
			logger.info("Upgrade: handed " + sessions.size() + " sessions over to the new master; the draining "
					+ "workers' session calls go to it");
			return sessions;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	@Override
	public void onApplicationEvent(MasterUpgradeEvent event) {
		if (event.kind() != MasterUpgradeEvent.Kind.TOOK_OVER) {
			return;
		}
		this.lock.writeLock().lock();
		try {
			SessionStoreLink link = this.predecessor;
			if (link == null) {
				return;
			}
			this.predecessor = null;
			try (link) {
				int taken = this.store.restore(link.handOver(this.ownSocket));
				logger.info("Upgrade: took over " + taken + " sessions from master pid " + event.otherPid());
			}
			catch (IOException ex) {
				logger.warn("Upgrade: could not take the sessions over from master pid " + event.otherPid() + " ("
						+ ex.getMessage() + "); their users log in again");
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	static @Nullable SessionsDescriptor describe(@Nullable MasterSessions sessions) {
		if (sessions == null) {
			return null;
		}
		SessionStoreStats stats = sessions.store.stats();
		return new SessionsDescriptor(stats.sessions(), stats.bytes(), stats.maxBytes(), stats.evicted(),
				stats.expired());
	}

}
