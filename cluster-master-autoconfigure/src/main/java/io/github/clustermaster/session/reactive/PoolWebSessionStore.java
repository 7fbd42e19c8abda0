package io.github.clustermaster.session.reactive;

import java.time.Duration;
import java.time.Instant;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

/**
 * A {@link WebSessionStore} over the pool's store, which the master holds: retrieving a
 * session costs one IPC round trip (which also marks it used) unless this worker keeps a
 * young copy of it, saving one more, and only
 * when the exchange changed something. Nothing blocks: the calls complete on the
 * worker's IPC thread.
 *
 * @author cluster-master
 */
public final class PoolWebSessionStore implements WebSessionStore {

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	private final Duration maxIdleTime;

	/**
	 * Create a store.
	 * @param store the pool's store
	 * @param codec how attributes are serialized
	 * @param maxIdleTime how long a new session may stay unused (the application's
	 * {@code server.reactive.session.timeout})
	 */
	public PoolWebSessionStore(SessionStoreClient store, SessionAttributes codec, Duration maxIdleTime) {
		this.store = store;
		this.codec = codec;
		this.maxIdleTime = maxIdleTime;
	}

	@Override
	public Mono<WebSession> createWebSession() {
		return Mono.fromSupplier(() -> new PoolWebSession(this.store, this.codec, this.maxIdleTime));
	}

	@Override
	public Mono<WebSession> retrieveSession(String sessionId) {
		return Mono.fromFuture(() -> this.store.findAsync(sessionId))
			.map((found) -> new PoolWebSession(this.store, this.codec, found));
	}

	@Override
	public Mono<Void> removeSession(String sessionId) {
		return Mono.fromFuture(() -> this.store.callAsync(SessionCall.delete(sessionId))).then();
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		// The store marked it used when it was found.
		return Mono.fromSupplier(() -> {
			if (webSession instanceof PoolWebSession session) {
				session.setLastAccessTime(Instant.now());
			}
			return webSession;
		});
	}

}
