package io.github.clustermaster.worker.netty;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Loop resources that show the server channel they create to a {@link NettyListener}, as
 * {@link InheritedSocketLoopResources} does for the master's socket, on a server that binds
 * a port of its own (a test cannot hand a socket to its own stdin).
 *
 * @author cluster-master
 */
final class HeldServerLoopResources implements LoopResources {

	private final LoopResources delegate = LoopResources.create("warmup-test", 1, 2, true);

	private final NettyListener listener;

	HeldServerLoopResources(NettyListener listener) {
		this.listener = listener;
	}

	@Override
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		CHANNEL channel = this.delegate.onChannel(channelType, group);
		if (channelType == ServerSocketChannel.class) {
			this.listener.serverChannel(channel);
		}
		return channel;
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
		return true;
	}

	@Override
	public Mono<Void> disposeLater() {
		return this.delegate.disposeLater();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return this.delegate.disposeLater(quietPeriod, timeout);
	}

}
