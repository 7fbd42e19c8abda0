package io.github.clustermaster.actuate.workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The Actuator write operations that are meant for the whole pool: a logger level
 * ({@code POST /actuator/loggers/{name}}) and a cache eviction ({@code DELETE
 * /actuator/caches}, {@code …/caches/{name}}). The worker that takes the request applies
 * it as Boot would, then the master applies it on every other worker; the answer is
 * Boot's when every worker applied it (with the header {@value #APPLIED_HEADER} counting
 * them, on Spring MVC), else {@code 502} naming the workers that could not and why
 * ({@code 503} when the master did not answer: only this worker applied it).
 *
 * @author cluster-master
 */
final class PoolWrites {

	private static final Log logger = LogFactory.getLog(PoolWrites.class);

	/** The header that counts the workers that applied a write operation. */
	static final String APPLIED_HEADER = "Cluster-Applied";

	/** The header that names the workers that could not. */
	static final String NOT_APPLIED_HEADER = "Cluster-Not-Applied";

	/** How long the master may take to apply a write on the other workers. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final boolean servlet = ClassUtils.isPresent(
			"org.springframework.web.context.request.ServletRequestAttributes", PoolWrites.class.getClassLoader())
			&& ClassUtils.isPresent("jakarta.servlet.http.HttpServletResponse", PoolWrites.class.getClassLoader());

	private final WorkerSession session;

	/** The operations as Boot made them, before this class wrapped them, by key. */
	private final Map<String, OperationInvoker> invokers = new ConcurrentHashMap<>();

	PoolWrites(WorkerSession session) {
		this.session = session;
	}

	/**
	 * Whether an operation is one for the whole pool.
	 * @param endpoint the endpoint
	 * @param type the operation's type
	 * @return whether it is
	 */
	static boolean isPoolWide(EndpointId endpoint, OperationType type) {
		return (endpoint.equals(EndpointId.of("loggers")) && type == OperationType.WRITE)
				|| (endpoint.equals(EndpointId.of("caches")) && type == OperationType.DELETE);
	}

	/**
	 * The key of an operation: its endpoint and its parameters, which tell an endpoint's
	 * operations of one type apart ({@code caches:} and {@code caches:cache,cacheManager}).
	 * @param endpoint the endpoint
	 * @param parameters the names of its parameters
	 * @return the key
	 */
	static String key(EndpointId endpoint, Collection<String> parameters) {
		return endpoint + ":" + String.join(",", parameters.stream().sorted().toList());
	}

	OperationInvoker wrap(String operation, Collection<String> parameters, OperationInvoker invoker) {
		this.invokers.put(operation, invoker);
		return (context) -> invoke(operation, parameters, invoker, context);
	}

	private @Nullable Object invoke(String operation, Collection<String> parameters, OperationInvoker invoker,
			InvocationContext context) {
		Object result = invoker.invoke(context);
		if (failure(result) != null) {
			return result;
		}
		Map<String, String> arguments = arguments(context.getArguments(), parameters);
		PoolWriteOutcome answer;
		try {
			answer = this.session.poolWrite(operation, arguments, TIMEOUT)
				.get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			return unapplied(operation, ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			return unapplied(operation, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unapplied(operation, ex);
		}
		List<Integer> applied = new ArrayList<>();
		applied.add(this.session.id());
		applied.addAll(answer.applied());
		applied.sort(null);
		Map<String, String> failed = new TreeMap<>();
		answer.failed().forEach((id, why) -> failed.put(String.valueOf(id), why));
		headers(applied.size(), failed.keySet());
		if (failed.isEmpty()) {
			return result;
		}
		logger.warn("Worker " + this.session.id() + ": " + operation + " " + arguments + " was not applied by "
				+ failed.size() + " worker(s): " + failed);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Applied by " + applied.size() + " of " + (applied.size() + failed.size()) + " workers");
		body.put("applied", applied);
		body.put("failed", failed);
		return new WebEndpointResponse<>(body, 502);
	}

	private WebEndpointResponse<Object> unapplied(String operation, Throwable cause) {
		logger.warn("Worker " + this.session.id() + " applied " + operation + " but the master did not apply it on the"
				+ " other workers: " + cause.getMessage());
		headers(1, List.of());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Only worker " + this.session.id() + " applied it: the master did not answer ("
				+ cause.getMessage() + ")");
		body.put("applied", List.of(this.session.id()));
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
	}

	/** On Spring MVC the request's response is at hand: the count goes in a header. */
	private static void headers(int applied, Collection<String> failed) {
		if (!servlet) {
			return;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes request && request.getResponse() != null) {
			request.getResponse().setHeader(APPLIED_HEADER, String.valueOf(applied));
			if (!failed.isEmpty()) {
				request.getResponse().setHeader(NOT_APPLIED_HEADER, String.join(",", failed));
			}
		}
	}

	/**
	 * Apply an operation another worker was asked for, as Boot would have on this worker.
	 * @param operation the operation's key
	 * @param arguments its arguments
	 * @return {@code null} when it was applied, else why not
	 */
	@Nullable String apply(String operation, Map<String, String> arguments) {
		OperationInvoker invoker = this.invokers.get(operation);
		if (invoker == null) {
			return "worker " + this.session.id() + " has no operation " + operation + " (is the endpoint available?)";
		}
		return failure(invoker.invoke(new InvocationContext(SecurityContext.NONE, new LinkedHashMap<>(arguments))));
	}

	private static @Nullable String failure(@Nullable Object result) {
		if (result instanceof WebEndpointResponse<?> response && response.getStatus() >= 400) {
			return "answered " + response.getStatus() + ((response.getBody() != null) ? " " + response.getBody() : "");
		}
		if (Boolean.FALSE.equals(result)) {
			return "answered false (nothing by that name?)";
		}
		return null;
	}

	/**
	 * The arguments as text, by parameter name, as they reach an operation from a query
	 * string: the parameters of the pool's writes are single values (a logger's name and
	 * level, a cache's name and manager); a list would be joined with commas, which Boot's
	 * conversion splits again.
	 */
	private static Map<String, String> arguments(Map<String, Object> arguments, Collection<String> parameters) {
		Map<String, String> texts = new LinkedHashMap<>();
		for (String name : parameters) {
			Object value = arguments.get(name);
			if (value instanceof Collection<?> values) {
				texts.put(name, values.stream().map(String::valueOf).collect(Collectors.joining(",")));
			}
			else if (value instanceof Object[] values) {
				texts.put(name, Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(",")));
			}
			else if (value != null) {
				texts.put(name, String.valueOf(value));
			}
		}
		return texts;
	}

}
