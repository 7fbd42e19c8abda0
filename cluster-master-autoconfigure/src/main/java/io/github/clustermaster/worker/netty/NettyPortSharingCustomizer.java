package io.github.clustermaster.worker.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * {@link NettyServerCustomizer} that makes a worker share {@code server.port} with the
 * other workers, and lets a {@link NettyListenerDrain} see the bound server and the
 * connections still waiting for their first request.
 * <p>
 * When the worker's stdin is a listening socket (the master's, see
 * {@link System#inheritedChannel()}) the server accepts on it with Netty's epoll
 * transport and binds nothing. Otherwise it binds {@code server.port} with
 * {@code SO_REUSEPORT}, next to the other workers: the option is the native transport's
 * (epoll on Linux, kqueue) when Reactor Netty uses one, the JDK's otherwise, as each
 * transport ignores the other's option with a warning.
 *
 * @author cluster-master
 */
public final class NettyPortSharingCustomizer implements NettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(NettyPortSharingCustomizer.class);

	private final NettyListener listener;

	private final boolean nativeTransport;

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create a customizer that reports to the given listener.
	 * @param listener what the drain will act on
	 */
	public NettyPortSharingCustomizer(NettyListener listener) {
		this(listener, LoopResources.DEFAULT_NATIVE && LoopResources.hasNativeSupport(),
				NettyPortSharingCustomizer::systemInheritedChannel);
	}

	NettyPortSharingCustomizer(NettyListener listener, boolean nativeTransport,
			Supplier<@Nullable Channel> inheritedChannel) {
		this.listener = listener;
		this.nativeTransport = nativeTransport;
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		HttpServer observed = server.doOnBound(this.listener::bound)
			.doOnChannelInit((observer, channel, remoteAddress) -> this.listener.accepted(channel))
			.childObserve(this.listener::stateChanged);
		if (this.inheritedChannel.get() instanceof ServerSocketChannel inherited) {
			nonBlocking(inherited);
			this.listener.inherited(true);
			logger.debug("Accepting on the socket inherited from the master (epoll transport)");
			return observed.runOn(new InheritedSocketLoopResources(server.configuration().loopResources(),
					this.listener),
					server.configuration().isPreferNative());
		}
		ChannelOption<Boolean> reusePort = this.nativeTransport ? UnixChannelOption.SO_REUSEPORT
				: NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
		logger.debug("Binding with SO_REUSEPORT (" + (this.nativeTransport ? "native" : "NIO") + " transport)");
		return observed.option(reusePort, true);
	}

	/**
	 * Netty reads a listening socket until it would block: the inherited one, shared with
	 * the master and the other workers, must not block when a sibling took the connection.
	 */
	private static void nonBlocking(ServerSocketChannel inherited) {
		try {
			inherited.configureBlocking(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot make the socket inherited from the master non-blocking", ex);
		}
	}

	static @Nullable Channel systemInheritedChannel() {
		try {
			return System.inheritedChannel();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look at the channel inherited from the master as stdin", ex);
		}
	}

}
