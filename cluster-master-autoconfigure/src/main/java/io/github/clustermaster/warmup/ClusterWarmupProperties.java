package io.github.clustermaster.warmup;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the warm-up before traffic: a new worker (and a hot spare)
 * serves these requests over a private loopback connection before it joins the shared
 * accept queue and says it is ready, so that its first users do not pay for a cold JIT,
 * lazy initialization (Spring MVC's {@code DispatcherServlet}, Spring Security's filter
 * chain, Jackson) and empty caches. Off unless {@code paths} is set, except for hot
 * spares, which warm up with {@code GET /} by default ({@code spares}). Tomcat serving a
 * servlet application, or Reactor Netty on epoll serving a WebFlux one, on the master's
 * inherited socket: on another server the master fails its start.
 *
 * @author cluster-master
 */
@ConfigurationProperties("cluster.master.warmup")
public class ClusterWarmupProperties implements Validator {

	/** The requests sent when neither a count nor a duration is set. */
	static final int DEFAULT_REQUESTS = 200;

	/** What a hot spare requests when no paths are set. */
	static final List<String> SPARE_PATHS = List.of("/");

	/** The most requests a warm-up may send. */
	static final int MAX_REQUESTS = 1_000_000;

	/** The most concurrent connections. */
	static final int MAX_CONCURRENCY = 64;

	/**
	 * Paths a new worker requests from itself (GET, no body) before it takes traffic, in
	 * turn, e.g. {@code /,/api/orders?page=0}: each begins with '/' and may have a query.
	 * Pick cheap, read-only requests that run the code users run. A path behind Spring
	 * Security warms the filter chain, the session lookup and the error or login page
	 * with its 401 or 302, not the controller behind it. Empty (the default): no warm-up.
	 */
	private List<String> paths = new ArrayList<>();

	/**
	 * How many requests to send in all, over the paths in turn (200 when neither this
	 * nor duration is set). Set this or duration, not both.
	 */
	private @Nullable Integer requests;

	/**
	 * How long to send requests, over the paths in turn, instead of a count; shorter than
	 * timeout. Set this or requests, not both.
	 */
	private @Nullable Duration duration;

	/**
	 * How many connections send the warm-up requests at once, each waiting for its
	 * answer before it sends the next.
	 */
	private int concurrency = 2;

	/**
	 * The most a warm-up may take: when it passes, the worker stops warming up, joins
	 * the shared accept queue anyway and logs a line saying so. It counts within the
	 * worker's boot timeout (cluster.master.boot-timeout).
	 */
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * Whether a hot spare (cluster.master.spares) warms up when no paths are set: it
	 * sends GET / to itself (the default count) before it says ready, so that once
	 * promoted its first users do not pay for a cold JIT. A spare takes no traffic until
	 * it is promoted, so its warm-up delays nobody. With paths set, spares warm up with
	 * them as every new worker does.
	 */
	private boolean spares = true;

	public List<String> getPaths() {
		return this.paths;
	}

	public void setPaths(List<String> paths) {
		this.paths = paths;
	}

	public @Nullable Integer getRequests() {
		return this.requests;
	}

	public void setRequests(@Nullable Integer requests) {
		this.requests = requests;
	}

	public @Nullable Duration getDuration() {
		return this.duration;
	}

	public void setDuration(@Nullable Duration duration) {
		this.duration = duration;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public boolean isSpares() {
		return this.spares;
	}

	public void setSpares(boolean spares) {
		this.spares = spares;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterWarmupProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClusterWarmupProperties properties = (ClusterWarmupProperties) target;
		for (String path : properties.getPaths()) {
			String problem = problem(path);
			if (problem != null) {
				errors.rejectValue("paths", "path", "'" + path + "' " + problem);
				break;
			}
		}
		Integer requests = properties.getRequests();
		Duration duration = properties.getDuration();
		if (requests != null && duration != null) {
			errors.rejectValue("duration", "exclusive", "set warmup.requests or warmup.duration, not both");
		}
		if (requests != null && (requests < 1 || requests > MAX_REQUESTS)) {
			errors.rejectValue("requests", "range", "must be from 1 to " + MAX_REQUESTS + ", was " + requests);
		}
		Duration timeout = properties.getTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			errors.rejectValue("timeout", "positive", "must be positive, e.g. 30s");
		}
		else if (duration != null && (duration.isNegative() || duration.isZero() || duration.compareTo(timeout) >= 0)) {
			errors.rejectValue("duration", "range",
					"must be positive and shorter than warmup.timeout (" + timeout + "), was " + duration);
		}
		if (properties.getConcurrency() < 1 || properties.getConcurrency() > MAX_CONCURRENCY) {
			errors.rejectValue("concurrency", "range",
					"must be from 1 to " + MAX_CONCURRENCY + ", was " + properties.getConcurrency());
		}
	}

	/**
	 * What is wrong with a path, or {@code null}: it must be an origin-form request
	 * target, a path from the server's root with an optional query, never another host.
	 */
	static @Nullable String problem(@Nullable String path) {
		if (path == null || path.isBlank()) {
			return "is blank";
		}
		if (!path.startsWith("/") || path.startsWith("//")) {
			return "must begin with a single '/' (a path on this worker, e.g. /api/orders), not a URL";
		}
		if (path.chars().anyMatch((c) -> c <= ' ' || c == 0x7f)) {
			return "must not contain spaces or control characters (encode them, e.g. %20)";
		}
		try {
			URI uri = new URI(path);
			if (uri.getRawFragment() != null) {
				return "must not have a fragment (#...)";
			}
		}
		catch (URISyntaxException ex) {
			return "is not a valid path: " + ex.getReason();
		}
		return null;
	}

	/**
	 * The plan of a worker, or {@code null} for none: these properties' paths, or for a
	 * hot spare when none are set and {@link #isSpares() spares} is on, {@code GET /}.
	 * @param spare whether the worker is a hot spare waiting for its promotion
	 * @return the plan, or {@code null} for no warm-up
	 */
	public @Nullable WarmupPlan toPlan(boolean spare) {
		List<String> paths = (!this.paths.isEmpty()) ? this.paths : (spare && this.spares) ? SPARE_PATHS : List.of();
		if (paths.isEmpty()) {
			return null;
		}
		Integer count = (this.requests != null) ? this.requests : (this.duration != null) ? null : DEFAULT_REQUESTS;
		return new WarmupPlan(List.copyOf(paths), count, this.duration, this.concurrency, this.timeout);
	}

}
