package io.github.clustermaster.worker.netty;

import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * When a worker's stdin is the master's listening socket, hands Spring Boot's Netty web
 * server the application's {@link ReactorResourceFactory} with loops that accept on that
 * socket (see {@link InheritedSocketResourceFactory}). Without a resource factory,
 * {@link NettyPortSharingCustomizer} sets the loops itself.
 *
 * @author cluster-master
 */
public final class NettyInheritedSocketFactoryCustomizer
		implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

	private final ObjectProvider<ReactorResourceFactory> resourceFactory;

	private final Supplier<@Nullable Channel> inheritedChannel;

	private final @Nullable NettyListener listener;

	/**
	 * Create a customizer.
	 * @param resourceFactory the application's resource factory, if it has one
	 */
	public NettyInheritedSocketFactoryCustomizer(ObjectProvider<ReactorResourceFactory> resourceFactory) {
		this(resourceFactory, NettyPortSharingCustomizer::systemInheritedChannel, null);
	}

	/**
	 * Create a customizer whose server channel the listener sees created (to hold it).
	 * @param resourceFactory the application's resource factory, if it has one
	 * @param listener the server as it is created and bound
	 */
	public NettyInheritedSocketFactoryCustomizer(ObjectProvider<ReactorResourceFactory> resourceFactory,
			NettyListener listener) {
		this(resourceFactory, NettyPortSharingCustomizer::systemInheritedChannel, listener);
	}

	NettyInheritedSocketFactoryCustomizer(ObjectProvider<ReactorResourceFactory> resourceFactory,
			Supplier<@Nullable Channel> inheritedChannel) {
		this(resourceFactory, inheritedChannel, null);
	}

	NettyInheritedSocketFactoryCustomizer(ObjectProvider<ReactorResourceFactory> resourceFactory,
			Supplier<@Nullable Channel> inheritedChannel, @Nullable NettyListener listener) {
		this.resourceFactory = resourceFactory;
		this.inheritedChannel = inheritedChannel;
		this.listener = listener;
	}

	@Override
	public void customize(NettyReactiveWebServerFactory factory) {
		if (this.inheritedChannel.get() instanceof ServerSocketChannel) {
			this.resourceFactory
				.ifAvailable((resources) -> factory.setResourceFactory(new InheritedSocketResourceFactory(resources, this.listener)));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
