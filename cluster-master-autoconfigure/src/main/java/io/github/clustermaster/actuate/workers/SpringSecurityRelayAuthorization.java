package io.github.clustermaster.actuate.workers;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.FilterInvocation;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * The relay's rule under Spring Security: the caller may reach worker k's
 * {@code /actuator/{endpoint}/{path…}} with a method when the application's filter chains
 * would have let the same caller call that path with that method on the worker that took
 * the request ({@link WebInvocationPrivilegeEvaluator}, the authorization rules of the
 * chain that matches the path). A path no filter chain of the application's matches is
 * allowed, as it would be called directly. The evaluator is looked up when a request comes (Spring
 * Security registers it late, as {@code privilegeEvaluator}); without one, nothing stands
 * in the way; if it fails, the request is refused.
 *
 * @author cluster-master
 */
final class SpringSecurityRelayAuthorization implements WorkerRelayFilter.RelayAuthorization {

	private static final Log logger = LogFactory.getLog(SpringSecurityRelayAuthorization.class);

	private final ListableBeanFactory beans;

	SpringSecurityRelayAuthorization(ListableBeanFactory beans) {
		this.beans = beans;
	}

	@Override
	public boolean isAllowed(HttpServletRequest request, String path) {
		WebInvocationPrivilegeEvaluator evaluator = evaluator();
		if (evaluator == null || !secured(request, path)) {
			// No chain of the application's covers the path: no security stands in the way
			// (Spring Security's evaluator denies a path no chain maps)
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		try {
			return evaluator.isAllowed(request.getContextPath(), path, request.getMethod(), authentication);
		}
		catch (RuntimeException ex) {
			logger.warn("Refusing to relay " + request.getMethod() + " " + path + ": the application's security could"
					+ " not decide (" + ex + ")");
			return false;
		}
	}

	private boolean secured(HttpServletRequest request, String path) {
		// FilterInvocation's request refuses attributes, which path matchers cache
		HttpServletRequest target = new WithAttributes(new FilterInvocation(request.getContextPath(), path,
				request.getMethod(), request.getServletContext())
			.getHttpRequest());
		try {
			return this.beans.getBeansOfType(SecurityFilterChain.class)
				.values()
				.stream()
				.anyMatch((chain) -> chain.matches(target));
		}
		catch (RuntimeException ex) {
			// Cannot tell: let the evaluator decide (it refuses what it cannot match)
			logger.debug("Could not match " + path + " against the application's filter chains: " + ex);
			return true;
		}
	}

	/** A request of its own attributes over one that has none. */
	private static final class WithAttributes extends HttpServletRequestWrapper {

		private final Map<String, Object> attributes = new HashMap<>();

		WithAttributes(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public Enumeration<String> getAttributeNames() {
			return Collections.enumeration(this.attributes.keySet());
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			if (value == null) {
				this.attributes.remove(name);
			}
			else {
				this.attributes.put(name, value);
			}
		}

		@Override
		public void removeAttribute(String name) {
			this.attributes.remove(name);
		}

	}

	private @Nullable WebInvocationPrivilegeEvaluator evaluator() {
		Map<String, WebInvocationPrivilegeEvaluator> evaluators = this.beans
			.getBeansOfType(WebInvocationPrivilegeEvaluator.class);
		WebInvocationPrivilegeEvaluator evaluator = evaluators.get("privilegeEvaluator");
		if (evaluator == null && evaluators.size() == 1) {
			evaluator = evaluators.values().iterator().next();
		}
		return evaluator;
	}

	@Override
	public List<String> roles(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null)
				? authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList() : List.of();
	}

}
