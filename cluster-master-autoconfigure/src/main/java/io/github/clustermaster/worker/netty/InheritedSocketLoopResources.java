package io.github.clustermaster.worker.netty;

import java.net.SocketAddress;
import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The server's {@link LoopResources}, except that the server channel it makes is the
 * listening socket inherited from the master (stdin, file descriptor 0) instead of a new
 * socket. The socket is bound and listening already: the channel is active from the
 * start, begins accepting once registered, and its bind does nothing. Only Netty's epoll
 * transport can take a socket by its file descriptor; on another transport the server
 * fails to start, saying so.
 *
 * @author cluster-master
 */
final class InheritedSocketLoopResources implements LoopResources {

	/** The inherited socket's file descriptor. */
	static final int STDIN = 0;

	private static final BoundAlready BOUND_ALREADY = new BoundAlready();

	private final LoopResources delegate;

	private final @Nullable NettyListener listener;

	InheritedSocketLoopResources(LoopResources delegate, @Nullable NettyListener listener) {
		this.delegate = delegate;
		this.listener = listener;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		if (channelType != ServerSocketChannel.class) {
			return this.delegate.onChannel(channelType, group);
		}
		Class<? extends CHANNEL> type = this.delegate.onChannelClass(channelType, group);
		if (!EpollServerSocketChannel.class.isAssignableFrom(type)) {
			throw new IllegalStateException("This worker's stdin is the listening socket of its master, but Reactor "
					+ "Netty runs on " + type.getSimpleName() + ": only the epoll transport can serve an inherited "
					+ "socket. Set cluster.master.port-sharing=reuse-port, or let Reactor Netty use epoll");
		}
		EpollServerSocketChannel inherited = new EpollServerSocketChannel(STDIN);
		inherited.pipeline().addFirst("clusterMasterBoundAlready", BOUND_ALREADY);
		if (this.listener != null) {
			this.listener.serverChannel(inherited);
		}
		return (CHANNEL) inherited;
	}

	@Override
	public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
			EventLoopGroup group) {
		return this.delegate.onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.delegate.onServer(useNative);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.delegate.onServerSelect(useNative);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.delegate.onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return this.delegate.daemon();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public Mono<Void> disposeLater() {
		return this.delegate.disposeLater();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return this.delegate.disposeLater(quietPeriod, timeout);
	}

	/**
	 * Completes a bind without binding: the master bound the socket, at the address it was
	 * given.
	 */
	@Sharable
	static final class BoundAlready extends ChannelOutboundHandlerAdapter {

		@Override
		public void bind(ChannelHandlerContext context, SocketAddress localAddress, ChannelPromise promise) {
			promise.setSuccess();
		}

	}

}
