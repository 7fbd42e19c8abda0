package io.github.clustermaster.worker.reactive;

import java.net.InetSocketAddress;
import java.util.function.IntPredicate;

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
 * both counted as failed), and how long it took. Requests that arrive on a port the worker
 * does not share (its warm-up's private port) are not counted.
 *
 * @author cluster-master
 */
public final class RequestCountingWebFilter implements WebFilter, Ordered {

	private final RequestStats stats;

	private final IntPredicate uncountedPort;

	/**
	 * Create a filter that counts into the given counters.
	 * @param stats the counters
	 */
	public RequestCountingWebFilter(RequestStats stats) {
		this(stats, (port) -> false);
	}

	/**
	 * Create a filter that counts into the given counters, except the requests that
	 * arrive on some local ports.
	 * @param stats the counters
	 * @param uncountedPort whether a request that arrived on this local port is left out
	 */
	public RequestCountingWebFilter(RequestStats stats, IntPredicate uncountedPort) {
		this.stats = stats;
		this.uncountedPort = uncountedPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		if (local != null && this.uncountedPort.test(local.getPort())) {
			return chain.filter(exchange);
		}
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
