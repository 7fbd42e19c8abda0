package io.github.clustermaster.worker.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerState;

/**
 * A worker's Reactor Netty server as its drain sees it: the bound listening channel, and
 * for each accepted connection whether it waits for its first request, serves one, or
 * sits idle between requests.
 *
 * @author cluster-master
 */
public final class NettyListener {

	enum Phase {

		/** Accepted, no request yet. */
		FRESH,

		/** A request is being served. */
		ACTIVE,

		/** Between requests of a persistent connection. */
		IDLE

	}

	private final Map<Channel, Phase> connections = new ConcurrentHashMap<>();

	private volatile @Nullable DisposableServer server;

	private volatile boolean inherited;

	void inherited(boolean inherited) {
		this.inherited = inherited;
	}

	/**
	 * Whether the server accepts on the socket inherited from the master, which it must
	 * leave open for the others, rather than on a socket of its own.
	 * @return whether the socket is inherited
	 */
	boolean inherited() {
		return this.inherited;
	}

	void bound(DisposableServer server) {
		this.server = server;
	}

	void accepted(Channel channel) {
		this.connections.put(channel, Phase.FRESH);
		channel.closeFuture().addListener((future) -> this.connections.remove(channel));
	}

	void stateChanged(Connection connection, ConnectionObserver.State state) {
		Channel channel = connection.channel();
		if (state == HttpServerState.REQUEST_RECEIVED) {
			this.connections.computeIfPresent(channel, (key, phase) -> Phase.ACTIVE);
		}
		else if (state == ConnectionObserver.State.RELEASED || state == ConnectionObserver.State.DISCONNECTING) {
			this.connections.computeIfPresent(channel, (key, phase) -> Phase.IDLE);
		}
	}

	/**
	 * The bound server, once bound.
	 * @return the server or {@code null}
	 */
	@Nullable DisposableServer server() {
		return this.server;
	}

	/**
	 * How many open connections are in the given phase.
	 * @param phase the phase
	 * @return the count
	 */
	long count(Phase phase) {
		return this.connections.values().stream().filter(phase::equals).count();
	}

}
