package io.github.clustermaster.worker.reactive;

import io.github.clustermaster.worker.RequestStats;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts a reactive worker's requests for its heartbeat: a request ends when its
 * exchange completes (counted by its status), errs or is cancelled (the client went away;
 * both counted as failed), and how long it took.
 *
 * @author cluster-master
 */
public final class RequestCountingWebFilter implements WebFilter, Ordered {

	private final RequestStats stats;

	/**
	 * Create a filter that counts into the given counters.
	 * @param stats the counters
	 */
	public RequestCountingWebFilter(RequestStats stats) {
		this.stats = stats;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			this.stats.started();
			return chain.filter(exchange).doFinally((signal) -> {
				if (signal == SignalType.ON_COMPLETE) {
					HttpStatusCode status = exchange.getResponse().getStatusCode();
					this.stats.ended((status != null) ? status.value() : 200, start);
				}
				else {
					this.stats.failed(start);
				}
			});
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
