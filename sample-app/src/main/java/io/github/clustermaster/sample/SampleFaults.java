package io.github.clustermaster.sample;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bad release on demand, to show the canary analysis of a rolling restart: with
 * {@code sample.fail-with=500} (or {@code SAMPLE_FAIL_WITH=500} in a restart's
 * environment) every application request is answered with that status, and with
 * {@code sample.delay-ms=300} each one is answered that much later. The worker boots and
 * says ready as usual, and {@code /actuator/**} is left alone.
 *
 * @author cluster-master
 */
@Component
class SampleFaults extends OncePerRequestFilter {

	private final int failWith;

	private final long delayMillis;

	SampleFaults(@Value("${sample.fail-with:0}") int failWith, @Value("${sample.delay-ms:0}") long delayMillis) {
		this.failWith = failWith;
		this.delayMillis = delayMillis;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return (this.failWith == 0 && this.delayMillis == 0) || request.getRequestURI().startsWith("/actuator");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.delayMillis > 0) {
			try {
				Thread.sleep(this.delayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.failWith != 0) {
			response.setStatus(this.failWith);
			response.setContentType("text/plain");
			response.getWriter().write("sample.fail-with=" + this.failWith + ": this release fails on purpose\n");
			return;
		}
		chain.doFilter(request, response);
	}

}
