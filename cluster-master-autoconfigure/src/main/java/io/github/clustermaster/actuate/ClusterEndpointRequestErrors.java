package io.github.clustermaster.actuate;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import io.github.clustermaster.ipc.WireJson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the requests to the {@code cluster} endpoint that Spring MVC refuses before the
 * endpoint sees them (a body that is not a JSON object of plain values, a content type
 * other than JSON, a method the path does not take) the way the endpoint answers bad
 * input: a {@link ClusterOperationDescriptor} with one message that says what was
 * expected, instead of Boot's error page, which by default hides the message. Requests
 * to other paths are left to the resolvers after it.
 *
 * @author cluster-master
 */
final class ClusterEndpointRequestErrors implements HandlerExceptionResolver, Ordered {

	private static final String EXAMPLE = "e.g. {\"size\": 4}";

	private static final JsonMapper json = WireJson.mapper();

	private final Supplier<@Nullable String> endpointPath;

	/**
	 * Create the resolver.
	 * @param endpointPath the endpoint's path, {@code /actuator/cluster} by default, or
	 * {@code null} when it is not mapped
	 */
	ClusterEndpointRequestErrors(Supplier<@Nullable String> endpointPath) {
		this.endpointPath = endpointPath;
	}

	@Override
	public int getOrder() {
		// Before Spring MVC's own resolvers, which answer these with an empty error.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		String operation = operation(request);
		if (operation == null) {
			return null;
		}
		String message = message(request, operation, ex);
		if (message == null) {
			return null;
		}
		int status = status(ex);
		try {
			if (ex instanceof HttpRequestMethodNotSupportedException unsupported
					&& unsupported.getSupportedMethods() != null) {
				response.setHeader(HttpHeaders.ALLOW, String.join(", ", unsupported.getSupportedMethods()));
			}
			response.setStatus(status);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(json.writeValueAsString(
					new ClusterOperationDescriptor(operation, status, message, null)));
			response.getWriter().flush();
		}
		catch (IOException | RuntimeException failure) {
			return null;
		}
		return new ModelAndView();
	}

	/**
	 * The operation a request to the endpoint is for: the segment after the endpoint's
	 * path, {@code status} for the path itself; {@code null} for another path.
	 */
	private @Nullable String operation(HttpServletRequest request) {
		String endpoint = this.endpointPath.get();
		if (endpoint == null) {
			return null;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		int at = path.indexOf(endpoint);
		if (at < 0) {
			return null;
		}
		String rest = path.substring(at + endpoint.length());
		if (rest.isEmpty() || rest.equals("/")) {
			return "status";
		}
		return rest.startsWith("/") ? rest.substring(1) : null;
	}

	private static @Nullable String message(HttpServletRequest request, String operation, Exception ex) {
		if (ex instanceof HttpMessageNotReadableException unreadable) {
			return "The body must be a JSON object whose values are strings, numbers or booleans, " + EXAMPLE
					+ ", or no body at all; it could not be read: " + reason(unreadable);
		}
		if (ex instanceof HttpMediaTypeNotSupportedException unsupported) {
			MediaType type = unsupported.getContentType();
			return ((type != null) ? "Content-Type " + type + " is not supported"
					: "The request has no Content-Type") + ": send Content-Type: application/json with a JSON object "
					+ "body, " + EXAMPLE + ", or with no body";
		}
		if (ex instanceof HttpRequestMethodNotSupportedException) {
			return operation.equals("status")
					? request.getMethod() + " is not supported here: GET reads the cluster; an operation is a POST "
							+ "to its own path (resize, restart, upgrade, quit)"
					: request.getMethod() + " is not supported here: an operation is a POST with Content-Type: "
							+ "application/json (resize, restart, upgrade, quit); GET reads the cluster at the endpoint's path";
		}
		return null;
	}

	private static int status(Exception ex) {
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return 415;
		}
		return (ex instanceof HttpRequestMethodNotSupportedException) ? 405 : 400;
	}

	/**
	 * What the JSON parser said, without where in its input (a line and column of a body
	 * the client sent anyway).
	 */
	private static String reason(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String message = (cause instanceof JacksonException jackson) ? jackson.getOriginalMessage()
				: String.valueOf(cause.getMessage());
		String line = message.lines().findFirst().orElse("");
		for (String where : new String[] { " (start marker at ", " at [Source: " }) {
			int at = line.indexOf(where);
			line = (at >= 0) ? line.substring(0, at) : line;
		}
		return line.isBlank() ? "the body is empty or malformed" : line.strip();
	}

}
