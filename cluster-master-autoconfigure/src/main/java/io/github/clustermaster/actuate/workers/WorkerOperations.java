package io.github.clustermaster.actuate.workers;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.worker.ActuatorRequests;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.util.MimeType;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers, in this worker's own process, the Actuator requests the master hands it: the
 * write operations another worker applied ({@link PoolWrites}), and the requests relayed
 * to this worker by id, which go to the web operation Boot would have chosen (the
 * exposed endpoints and operations only: those of the {@link WebEndpointsSupplier},
 * which applies the application's exposure and access settings), with the arguments
 * Boot would have given it: path variables, query parameters and, for a {@code POST}, the
 * JSON body's fields.
 *
 * @author cluster-master
 */
final class WorkerOperations implements ActuatorRequests {

	/**
	 * The largest response a relay carries, encoded (one IPC frame is 1 MiB; a binary body
	 * grows by a third in Base64).
	 */
	static final int MAX_RESPONSE_BYTES = 1000 * 1024;

	private static final PathPatternParser parser = new PathPatternParser();

	private final int id;

	private final PoolWrites writes;

	private final Supplier<@Nullable WebEndpointsSupplier> endpoints;

	private final Supplier<JsonMapper> json;

	WorkerOperations(int id, PoolWrites writes, Supplier<@Nullable WebEndpointsSupplier> endpoints,
			Supplier<JsonMapper> json) {
		this.id = id;
		this.writes = writes;
		this.endpoints = endpoints;
		this.json = json;
	}

	@Override
	public @Nullable String apply(String operation, Map<String, String> arguments) {
		WebEndpointsSupplier supplier = this.endpoints.get();
		if (supplier != null) {
			// Discovers the endpoints, and so wraps their operations, if nothing has yet (lazy initialization)
			supplier.getEndpoints();
		}
		return this.writes.apply(operation, arguments);
	}

	@Override
	public RelayResponse invoke(RelayRequest request) {
		String method = request.method();
		String endpointId = request.endpoint();
		String path = request.path();
		WebEndpointsSupplier supplier = this.endpoints.get();
		Collection<ExposableWebEndpoint> endpoints = (supplier != null) ? supplier.getEndpoints() : List.of();
		ExposableWebEndpoint endpoint = endpoints.stream()
			.filter((candidate) -> candidate.getEndpointId().toString().equals(endpointId))
			.findFirst()
			.orElse(null);
		if (endpoint == null) {
			return RelayResponse.error(404, "Worker " + this.id + " exposes no endpoint '" + endpointId
					+ "' on the web; it exposes " + endpoints.stream().map((e) -> e.getEndpointId().toString()).sorted().toList());
		}
		String full = "/" + endpoint.getRootPath() + (path.isEmpty() ? "" : "/" + path);
		List<String> accept = accept((request.accept() != null) ? request.accept() : "");
		Match match = match(endpoint, method, full, accept);
		if (match == null) {
			return RelayResponse.error(404, "Endpoint '" + endpointId + "' of worker " + this.id + " has no " + method
					+ " operation at " + full);
		}
		Map<String, Object> arguments = arguments(match, request, method);
		InvocationContext context = new InvocationContext(new RelayedSecurityContext(request), arguments,
				new ProducibleOperationArgumentResolver(() -> accept),
				OperationArgumentResolver.of(WebServerNamespace.class, () -> WebServerNamespace.SERVER));
		Object result;
		try {
			result = match.operation().invoke(context);
		}
		catch (InvalidEndpointRequestException ex) {
			return RelayResponse.error(400, ex.getReason());
		}
		return response(result, method, match.operation().getRequestPredicate());
	}

	private static List<String> accept(String accept) {
		return accept.isBlank() ? List.of() : List.of(accept);
	}

	private static @Nullable Match match(ExposableWebEndpoint endpoint, String method, String path, List<String> accept) {
		PathContainer container = PathContainer.parsePath(path);
		List<Match> matches = new ArrayList<>();
		for (WebOperation operation : endpoint.getOperations()) {
			WebOperationRequestPredicate predicate = operation.getRequestPredicate();
			if (!predicate.getHttpMethod().name().equals(method)) {
				continue;
			}
			PathPattern pattern = parser.parse("/" + predicate.getPath());
			PathPattern.PathMatchInfo info = pattern.matchAndExtract(container);
			if (info != null) {
				matches.add(new Match(operation, pattern, info.getUriVariables()));
			}
		}
		// The most specific path first (health/{*path} after health), then the media type asked for.
		matches.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
		List<Match> best = matches.stream().filter((m) -> m.pattern().equals(matches.get(0).pattern())).toList();
		if (best.isEmpty()) {
			return null;
		}
		// As Spring MVC would choose: what the caller accepts, JSON when it accepts anything.
		List<MediaType> wanted = new ArrayList<>(accept.isEmpty() ? List.of() : MediaType.parseMediaTypes(accept));
		wanted.removeIf(MediaType::isWildcardType);
		wanted.add(MediaType.APPLICATION_JSON);
		for (MediaType type : wanted) {
			for (Match candidate : best) {
				if (candidate.operation().getRequestPredicate().getProduces().stream()
						.anyMatch((produces) -> type.isCompatibleWith(MediaType.parseMediaType(produces)))) {
					return candidate;
				}
			}
		}
		return best.get(0);
	}

	private static Map<String, Object> arguments(Match match, RelayRequest request, String method) {
		Map<String, Object> arguments = new LinkedHashMap<>(match.variables());
		String remaining = match.operation().getRequestPredicate().getMatchAllRemainingPathSegmentsVariable();
		if (remaining != null) {
			String value = match.variables().getOrDefault(remaining, "");
			arguments.put(remaining, Arrays.stream(value.split("/")).filter((segment) -> !segment.isEmpty())
				.toArray(String[]::new));
		}
		JsonNode body = request.body();
		if (method.equals("POST") && body != null && body.isObject()) {
			body.properties().forEach((entry) -> {
				if (!entry.getValue().isNull()) {
					arguments.put(entry.getKey(), entry.getValue().isValueNode() ? entry.getValue().asString()
							: entry.getValue().toString());
				}
			});
		}
		request.query().forEach((name, values) -> arguments.put(name, (values.size() == 1) ? values.get(0) : values));
		return arguments;
	}

	/** The response as Boot's web layer would make it, bounded to one IPC frame. */
	private RelayResponse response(@Nullable Object result, String method, WebOperationRequestPredicate predicate) {
		int status = 200;
		Object body = result;
		String contentType = predicate.getProduces().stream().findFirst().orElse("application/json");
		if (result == null) {
			return RelayResponse.bodiless(method.equals("GET") ? 404 : 204);
		}
		if (result instanceof WebEndpointResponse<?> response) {
			status = response.getStatus();
			body = response.getBody();
			MimeType type = response.getContentType();
			if (type != null) {
				contentType = type.toString();
			}
		}
		if (body == null) {
			return RelayResponse.bodiless(status);
		}
		RelayResponse answer;
		try {
			if (body instanceof Resource resource) {
				long length = resource.contentLength();
				if (length > MAX_RESPONSE_BYTES * 3L / 4) {
					return tooLarge(length);
				}
				try (InputStream in = resource.getInputStream()) {
					answer = binary(status, contentType, in.readAllBytes());
				}
			}
			else if (body instanceof byte[] bytes) {
				answer = binary(status, contentType, bytes);
			}
			else if (body instanceof CharSequence text) {
				answer = RelayResponse.text(status, contentType, text.toString());
			}
			else {
				// The application's mapper, as Boot's web layer would write the operation's result
				answer = RelayResponse.text(status, contentType, this.json.get().writeValueAsString(body));
			}
		}
		catch (IOException ex) {
			return RelayResponse.error(500, "Worker " + this.id + " could not read its response: " + ex.getMessage());
		}
		int size = WireJson.mapper().writeValueAsBytes(answer).length;
		return (size > MAX_RESPONSE_BYTES) ? tooLarge(size) : answer;
	}

	private static RelayResponse binary(int status, String contentType, byte[] bytes) {
		return new RelayResponse(status, contentType, null, Base64.getEncoder().encodeToString(bytes));
	}

	private RelayResponse tooLarge(long bytes) {
		return RelayResponse.error(502, "Worker " + this.id + "'s response is " + bytes
				+ " bytes: more than a relayed response may carry (" + MAX_RESPONSE_BYTES * 3 / 4 / 1024
				+ " KiB); ask the worker's process directly (its pid is in GET /actuator/cluster)");
	}

	private record Match(WebOperation operation, PathPattern pattern, Map<String, String> variables) {
	}

	/**
	 * The caller's identity as the relaying worker saw it: its name and roles, so that an
	 * operation that shows more to some users (health details {@code when-authorized})
	 * decides as it would have on the worker that took the request.
	 */
	private static final class RelayedSecurityContext implements SecurityContext {

		private final @Nullable Principal principal;

		private final Set<String> roles = new HashSet<>();

		RelayedSecurityContext(RelayRequest request) {
			String name = request.principal();
			this.principal = (name != null) ? () -> name : null;
			this.roles.addAll(request.roles());
		}

		@Override
		public @Nullable Principal getPrincipal() {
			return this.principal;
		}

		@Override
		public boolean isUserInRole(String role) {
			return this.roles.contains(role) || this.roles.contains("ROLE_" + role);
		}

	}

}
