package io.github.clustermaster.worker.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerState;

/**
 * A worker's Reactor Netty server as its drain sees it: the bound listening channel, and
 * for each accepted connection whether it waits for its first request, serves one, or
 * sits idle between requests. Once {@link #drain() draining}, every response not yet
 * begun says {@code Connection: close} (Reactor Netty then closes its connection once it
 * is written), so a keep-alive client sends its next request on a new connection, which
 * another worker takes.
 *
 * @author cluster-master
 */
public final class NettyListener {

	private static final Log logger = LogFactory.getLog(NettyListener.class);

	/** The name of the handler that answers {@code Connection: close} while draining. */
	static final String CLOSE_ON_DRAIN = "clusterMasterCloseOnDrain";

	enum Phase {

		/** Accepted, no request yet. */
		FRESH,

		/** A request is being served. */
		ACTIVE,

		/** Between requests of a persistent connection. */
		IDLE

	}

	private final Map<Channel, Phase> connections = new ConcurrentHashMap<>();

	private final CloseOnDrain closeOnDrain = new CloseOnDrain();

	private volatile @Nullable DisposableServer server;

	private volatile boolean inherited;

	private volatile boolean draining;

	/** Whether the server channel is to start without accepting (see {@link NettyAcceptHold}). */
	private volatile boolean holding;

	private volatile @Nullable Channel serverChannel;

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

	/**
	 * Make the server channel, once created, start without accepting: it does not read
	 * until {@link #openAccepts()}.
	 */
	void hold() {
		this.holding = true;
	}

	/**
	 * The server channel was created (not yet registered): while held it gets
	 * {@code AUTO_READ} off, so once registered and active it accepts nothing. Reactor
	 * Netty ignores {@code AUTO_READ} among a server's options, hence this hook in the
	 * loop resources that create the channel.
	 * @param channel the server channel
	 */
	void serverChannel(Channel channel) {
		this.serverChannel = channel;
		if (this.holding) {
			channel.config().setAutoRead(false);
			logger.debug("Reactor Netty's server channel starts without accepting (AUTO_READ off)");
		}
	}

	/**
	 * Start accepting: {@code AUTO_READ} on, on the channel's event loop.
	 */
	void openAccepts() {
		this.holding = false;
		Channel channel = this.serverChannel;
		if (channel != null) {
			channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
		}
	}

	void accepted(Channel channel) {
		this.connections.put(channel, Phase.FRESH);
		channel.closeFuture().addListener((future) -> this.connections.remove(channel));
		ChannelPipeline pipeline = channel.pipeline();
		// HTTP/1.1: between the bridge to the application and Reactor Netty's keep-alive
		// decision, which follows a response's Connection header
		if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
			pipeline.addAfter(NettyPipeline.HttpTrafficHandler, CLOSE_ON_DRAIN, this.closeOnDrain);
		}
	}

	void stateChanged(Connection connection, ConnectionObserver.State state) {
		Channel channel = connection.channel();
		if (state == HttpServerState.REQUEST_RECEIVED) {
			this.connections.computeIfPresent(channel, (key, phase) -> Phase.ACTIVE);
		}
		else if (state == ConnectionObserver.State.RELEASED || state == ConnectionObserver.State.DISCONNECTING) {
			this.connections.computeIfPresent(channel, (key, phase) -> Phase.IDLE);
			if (this.draining) {
				closeIfIdle(channel);
			}
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
	 * From now on, answer every request with {@code Connection: close}, and close the
	 * connections idle between requests.
	 */
	void drain() {
		this.draining = true;
		this.connections.forEach((channel, phase) -> {
			if (phase == Phase.IDLE) {
				closeIfIdle(channel);
			}
		});
	}

	/**
	 * Close the HTTP/1.1 connections that are still waiting for their first request. Others
	 * (HTTP/2, whose requests are streams of their own) are left to Boot's graceful
	 * shutdown, which lets Reactor Netty end them with a {@code GOAWAY}.
	 * @return how many were closed
	 */
	long closeFresh() {
		long closed = 0;
		for (Map.Entry<Channel, Phase> connection : this.connections.entrySet()) {
			if (connection.getValue() == Phase.FRESH && connection.getKey().pipeline().get(CLOSE_ON_DRAIN) != null) {
				Channel channel = connection.getKey();
				channel.eventLoop().execute(() -> {
					if (this.connections.get(channel) == Phase.FRESH) {
						channel.close();
					}
				});
				closed++;
			}
		}
		return closed;
	}

	/**
	 * Close a connection idle between requests, on its event loop, where its phase
	 * changes: a connection is idle once its last response has been written.
	 */
	private void closeIfIdle(Channel channel) {
		channel.eventLoop().execute(() -> {
			if (this.connections.get(channel) == Phase.IDLE) {
				channel.close();
			}
		});
	}

	/**
	 * How many open connections are in the given phase.
	 * @param phase the phase
	 * @return the count
	 */
	long count(Phase phase) {
		return this.connections.values().stream().filter(phase::equals).count();
	}

	/**
	 * How many connections are open.
	 * @return the count
	 */
	int open() {
		return this.connections.size();
	}

	/**
	 * Marks every response that begins while the worker drains {@code Connection: close}.
	 */
	@Sharable
	final class CloseOnDrain extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (NettyListener.this.draining && message instanceof HttpResponse response
					&& response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
				HttpUtil.setKeepAlive(response, false);
			}
			super.write(context, message, promise);
		}

	}

}
