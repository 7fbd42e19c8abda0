package io.github.clustermaster.actuate.workers;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the worker that answers, on Spring MVC: the header is set before anything else
 * answers, so that a refusal (a {@code 401} of Spring Security) carries it too.
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
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (this.header.appliesTo(path)) {
			response.setHeader(WorkerHeader.NAME, this.header.id());
		}
		chain.doFilter(request, response);
	}

}
