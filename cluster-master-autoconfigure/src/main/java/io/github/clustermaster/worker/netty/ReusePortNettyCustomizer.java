package io.github.clustermaster.worker.netty;

import java.net.StandardSocketOptions;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * {@link NettyServerCustomizer} that makes a worker bind {@code server.port} with
 * {@code SO_REUSEPORT}, so that all workers listen on the port at once and the kernel
 * spreads connections over them, and that lets a {@link NettyListenerDrain} see the
 * bound server and the connections still waiting for their first request.
 * <p>
 * The option is the native transport's (epoll on Linux, kqueue) when Reactor Netty uses
 * one, the JDK's otherwise: each transport ignores the other's option with a warning.
 *
 * @author cluster-master
 */
public final class ReusePortNettyCustomizer implements NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(ReusePortNettyCustomizer.class);

	private final NettyListener listener;

	private final boolean nativeTransport;

	/**
	 * Create a customizer that reports to the given listener.
	 * @param listener what the drain will act on
	 */
	public ReusePortNettyCustomizer(NettyListener listener) {
		this(listener, LoopResources.DEFAULT_NATIVE && LoopResources.hasNativeSupport());
	}

	ReusePortNettyCustomizer(NettyListener listener, boolean nativeTransport) {
		this.listener = listener;
		this.nativeTransport = nativeTransport;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		ChannelOption<Boolean> reusePort = this.nativeTransport ? UnixChannelOption.SO_REUSEPORT
				: NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
		logger.debug("Binding with SO_REUSEPORT (" + (this.nativeTransport ? "native" : "NIO") + " transport)");
		return server.option(reusePort, true)
			.doOnBound(this.listener::bound)
			.doOnChannelInit((observer, channel, remoteAddress) -> this.listener.accepted(channel))
			.childObserve(this.listener::stateChanged);
	}

}
