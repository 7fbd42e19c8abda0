package io.github.clustermaster.worker.netty;

import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import io.github.clustermaster.worker.SpareGate;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerWarmup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Holds a worker's Reactor Netty server back from the socket inherited from the master
 * while its {@link SpareGate} is held: a hot spare until the master promotes it
 * ({@code cluster.master.spares}), a worker that warms up first until its warm-up is done
 * ({@code cluster.master.warmup.*}). The server channel starts with
 * {@code AUTO_READ} off: it is registered and active (the inherited socket listens
 * already) but never reads, so it accepts nothing and the connections stay in the
 * shared queue for the other workers; opening the hold turns {@code AUTO_READ} on, on
 * the channel's event loop, which starts accepting. Reactor Netty ignores
 * {@code AUTO_READ} among a server's options, so the {@link NettyListener} sets it on the
 * channel as the loop resources of the inherited socket create it.
 * <p>
 * Only on the inherited socket: a server that binds a port of its own with
 * {@code SO_REUSEPORT} would collect its share of connections in its own queue while it
 * waits, so it gets no hold, and a spare or a worker that is to warm up on it fails its
 * start ({@link SpareGate#check()}).
 *
 * @author cluster-master
 */
public final class NettyAcceptHold implements NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(NettyAcceptHold.class);

	private final ObjectProvider<WorkerSession> session;

	private final ObjectProvider<WorkerWarmup> warmup;

	private final NettyListener listener;

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create the hold of the worker's server.
	 * @param session the worker's session with its master
	 * @param warmup the worker's warm-up, which holds the gate when it warms up
	 * @param listener the server as it binds
	 */
	public NettyAcceptHold(ObjectProvider<WorkerSession> session, ObjectProvider<WorkerWarmup> warmup,
			NettyListener listener) {
		this(session, warmup, listener, NettyPortSharingCustomizer::systemInheritedChannel);
	}

	NettyAcceptHold(ObjectProvider<WorkerSession> session, ObjectProvider<WorkerWarmup> warmup, NettyListener listener,
			Supplier<@Nullable Channel> inheritedChannel) {
		this.session = session;
		this.warmup = warmup;
		this.listener = listener;
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		// Created first: a warm-up holds the gate from its creation (a spare's is held from the start)
		this.warmup.getIfAvailable();
		WorkerSession session = this.session.getIfAvailable();
		if (session == null || !session.spare().isHeld()
				|| !(this.inheritedChannel.get() instanceof ServerSocketChannel)) {
			return server;
		}
		return hold(session.spare(), server, this.listener);
	}

	static HttpServer hold(SpareGate gate, HttpServer server, NettyListener listener) {
		listener.hold();
		gate.hold("Reactor Netty server", listener::openAccepts);
		logger.debug("Reactor Netty starts without accepting (AUTO_READ off) until this worker is promoted from hot "
				+ "spare or warmed up");
		return server;
	}

}
