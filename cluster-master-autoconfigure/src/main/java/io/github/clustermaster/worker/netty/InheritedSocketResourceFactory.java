package io.github.clustermaster.worker.netty;

import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * The application's {@link ReactorResourceFactory} as Spring Boot's Netty web server sees
 * it: the same loops, whose server channel is the socket inherited from the master. The
 * web server applies the factory's {@link LoopResources} after every
 * {@link org.springframework.boot.reactor.netty.NettyServerCustomizer}, so a customizer
 * cannot set them; this is the one place the server takes them from. Only
 * {@link #getLoopResources()} is used; the application's factory keeps its lifecycle.
 *
 * @author cluster-master
 */
final class InheritedSocketResourceFactory extends ReactorResourceFactory {

	private final ReactorResourceFactory delegate;

	private final @Nullable NettyListener listener;

	InheritedSocketResourceFactory(ReactorResourceFactory delegate, @Nullable NettyListener listener) {
		this.delegate = delegate;
		this.listener = listener;
	}

	@Override
	public LoopResources getLoopResources() {
		return new InheritedSocketLoopResources(this.delegate.getLoopResources(), this.listener);
	}

}
