package io.github.clustermaster.actuate.workers;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Names the worker that answers, on WebFlux, before any other filter answers.
 *
 * @author cluster-master
 */
final class WorkerHeaderWebFilter implements WebFilter, Ordered {

	private final WorkerHeader header;

	WorkerHeaderWebFilter(WorkerHeader header) {
		this.header = header;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.header.appliesTo(exchange.getRequest().getPath().pathWithinApplication().value())) {
			exchange.getResponse().getHeaders().set(WorkerHeader.NAME, this.header.id());
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
