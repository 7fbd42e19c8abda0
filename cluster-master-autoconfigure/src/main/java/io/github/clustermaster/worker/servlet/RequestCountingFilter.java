package io.github.clustermaster.worker.servlet;

import java.io.IOException;
import java.util.function.IntPredicate;

import io.github.clustermaster.worker.RequestStats;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts a servlet worker's requests for its heartbeat (by the status they were answered
 * with, or failed when an exception left the chain or async processing timed out or
 * erred, and how long each took), registered for the request
 * dispatch only (once per request): one that went asynchronous ({@code DeferredResult},
 * {@code Callable}, streaming) ends when its async processing completes, which the
 * container reports after a timeout or an error too. Requests that arrive on a port the
 * worker does not share (its warm-up's private port) are not counted.
 *
 * @author cluster-master
 */
public final class RequestCountingFilter implements Filter {

	private final RequestStats stats;

	private final IntPredicate uncountedPort;

	/**
	 * Create a filter that counts into the given counters.
	 * @param stats the counters
	 */
	public RequestCountingFilter(RequestStats stats) {
		this(stats, (port) -> false);
	}

	/**
	 * Create a filter that counts into the given counters, except the requests that
	 * arrive on some local ports.
	 * @param stats the counters
	 * @param uncountedPort whether a request that arrived on this local port is left out
	 */
	public RequestCountingFilter(RequestStats stats, IntPredicate uncountedPort) {
		this.stats = stats;
		this.uncountedPort = uncountedPort;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (this.uncountedPort.test(request.getLocalPort())) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		this.stats.started();
		boolean async = false;
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new EndOfAsync(this.stats, start));
				async = true;
			}
		}
		finally {
			if (failed) {
				this.stats.failed(start);
			}
			else if (!async) {
				this.stats.ended(status(response), start);
			}
		}
	}

	private static int status(ServletResponse response) {
		return (response instanceof HttpServletResponse http) ? http.getStatus() : 200;
	}

	private static final class EndOfAsync implements AsyncListener {

		private final RequestStats stats;

		private final long start;

		private volatile boolean failed;

		EndOfAsync(RequestStats stats, long start) {
			this.stats = stats;
			this.start = start;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.failed) {
				this.stats.failed(this.start);
			}
			else {
				this.stats.ended(status(event.getSuppliedResponse()), this.start);
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.failed = true;
		}

		@Override
		public void onError(AsyncEvent event) {
			this.failed = true;
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// Async started again: the container drops its listeners unless they are added again.
			event.getAsyncContext().addListener(this);
		}

	}

}
