package io.github.clustermaster.actuate.workers;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the worker that answers, on Spring MVC: the header is set before anything else
 * answers, so that a refusal (a {@code 401} of Spring Security) carries it too, and again
 * on the error dispatch.
 *
 * @author cluster-master
 */
final class WorkerHeaderFilter extends OncePerRequestFilter {

	private final WorkerHeader header;

	WorkerHeaderFilter(WorkerHeader header) {
		this.header = header;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// On an error dispatch, the path the client asked for
		Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String uri = (failed instanceof String original) ? original : request.getRequestURI();
		String path = uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
		if (this.header.appliesTo(path)) {
			response.setHeader(WorkerHeader.NAME, this.header.id());
		}
		chain.doFilter(request, response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// The error page's response may be a new one: it names the worker too
		return false;
	}

}
