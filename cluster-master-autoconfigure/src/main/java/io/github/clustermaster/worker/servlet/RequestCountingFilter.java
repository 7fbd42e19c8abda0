package io.github.clustermaster.worker.servlet;

import java.io.IOException;

import io.github.clustermaster.worker.RequestStats;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Counts a servlet worker's requests for its heartbeat, registered for the request
 * dispatch only (once per request): one that went asynchronous ({@code DeferredResult},
 * {@code Callable}, streaming) ends when its async processing completes, which the
 * container reports after a timeout or an error too.
 *
 * @author cluster-master
 */
public final class RequestCountingFilter implements Filter {

	private final RequestStats stats;

	/**
	 * Create a filter that counts into the given counters.
	 * @param stats the counters
	 */
	public RequestCountingFilter(RequestStats stats) {
		this.stats = stats;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		this.stats.started();
		boolean async = false;
		try {
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new EndOfAsync(this.stats));
				async = true;
			}
		}
		finally {
			if (!async) {
				this.stats.ended();
			}
		}
	}

	private record EndOfAsync(RequestStats stats) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.stats.ended();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Async started again: the container drops its listeners unless they are added again.
			event.getAsyncContext().addListener(this);
		}

	}

}
