package io.github.clustermaster.actuate.workers;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * The relay's rule under Spring Security: the caller may reach worker k's
 * {@code /actuator/{endpoint}/{path…}} with a method when the application's filter chains
 * would have let the same caller call that path with that method on the worker that took
 * the request ({@link WebInvocationPrivilegeEvaluator}, the authorization rules of the
 * chain that matches the path).
 *
 * @author cluster-master
 */
final class SpringSecurityRelayAuthorization implements WorkerRelayFilter.RelayAuthorization {

	private final WebInvocationPrivilegeEvaluator evaluator;

	SpringSecurityRelayAuthorization(WebInvocationPrivilegeEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	@Override
	public boolean isAllowed(HttpServletRequest request, String path) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return this.evaluator.isAllowed(request.getContextPath(), path, request.getMethod(), authentication);
	}

	@Override
	public List<String> roles(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null)
				? authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList() : List.of();
	}

}
