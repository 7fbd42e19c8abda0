package io.github.clustermaster.actuate.workers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.worker.WorkerSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * {@code /actuator/cluster/workers/{id}/{endpoint}/{path…}} on Spring MVC: the request
 * (method, query, JSON body, {@code Accept}) goes through the master to worker {@code id},
 * which answers it in-process with its own Actuator operation, and its response (status,
 * content type, body) is this response, with {@code Cluster-Worker: id}. The caller
 * passed the application's security for {@code /actuator/cluster/**} to get here; the
 * target path ({@code /actuator/{endpoint}/{path…}}) is then checked with the
 * application's {@link RelayAuthorization} (Spring Security's rules for that path, when
 * present), and refused with {@code 403} when the caller could not have called it
 * directly.
 *
 * @author cluster-master
 */
final class WorkerRelayFilter extends OncePerRequestFilter {

	/** How long a relayed request waits for the worker's answer. */
	static final Duration TIMEOUT = Duration.ofSeconds(25);

	/** The largest request body relayed. */
	static final int MAX_REQUEST_BYTES = 64 * 1024;

	private final WorkerSession session;

	private final Supplier<@Nullable String> clusterPath;

	private final Supplier<@Nullable String> basePath;

	private final RelayAuthorization authorization;

	WorkerRelayFilter(WorkerSession session, Supplier<@Nullable String> clusterPath, Supplier<@Nullable String> basePath,
			RelayAuthorization authorization) {
		this.session = session;
		this.clusterPath = clusterPath;
		this.basePath = basePath;
		this.authorization = authorization;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String cluster = this.clusterPath.get();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String prefix = cluster + "/workers/";
		if (cluster == null || !path.startsWith(prefix)) {
			chain.doFilter(request, response);
			return;
		}
		String[] parts = path.substring(prefix.length()).split("/", 3);
		int target;
		try {
			target = Integer.parseInt(parts[0]);
		}
		catch (NumberFormatException ex) {
			write(response, RelayResponse.error(400, "Expected " + prefix + "{id}/{endpoint}[/{path}] with a worker id,"
					+ " got '" + UriUtils.decode(parts[0], StandardCharsets.UTF_8) + "'"));
			return;
		}
		if (parts.length < 2 || parts[1].isEmpty()) {
			write(response, RelayResponse.error(400, "Name an endpoint: " + prefix + target + "/{endpoint}[/{path}],"
					+ " for example " + prefix + target + "/health"));
			return;
		}
		String endpoint = UriUtils.decode(parts[1], StandardCharsets.UTF_8);
		String rest = (parts.length > 2) ? parts[2] : "";
		if (endpoint.equals("heapdump")) {
			write(response, RelayResponse.error(501, "A heap dump is not relayed: it is larger than a relayed response"
					+ " may carry (" + WorkerOperations.MAX_RESPONSE_BYTES * 3 / 4 / 1024 + " KiB). Run jcmd <pid>"
					+ " GC.heap_dump <file> on the host, with the worker's pid from GET " + cluster));
			return;
		}
		String targetPath = this.basePath.get() + "/" + parts[1] + (rest.isEmpty() ? "" : "/" + rest);
		if (!this.authorization.isAllowed(request, targetPath)) {
			write(response, RelayResponse.error(403, "Forbidden: the application's security does not let this caller "
					+ request.getMethod() + " " + targetPath));
			return;
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (request.getQueryString() != null) {
			MultiValueMap<String, String> params = UriComponentsBuilder.newInstance()
				.query(request.getQueryString())
				.build()
				.getQueryParams();
			params.forEach((name, values) -> query.put(UriUtils.decode(name, StandardCharsets.UTF_8),
					values.stream()
						.map((value) -> (value != null) ? UriUtils.decode(value, StandardCharsets.UTF_8) : "")
						.toList()));
		}
		String principal = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null;
		List<String> roles = (principal != null) ? new ArrayList<>(this.authorization.roles(request)) : List.of();
		JsonNode body = null;
		if ("POST".equals(request.getMethod())) {
			body = body(request);
			if (body == null) {
				write(response, RelayResponse.error(400, "The body of a relayed POST must be a JSON object of at most "
						+ MAX_REQUEST_BYTES / 1024 + " KiB"));
				return;
			}
		}
		RelayRequest relayed = new RelayRequest(request.getMethod(), endpoint, rest, query, body,
				request.getHeader("Accept"), principal, roles);
		RelayResponse answer;
		try {
			answer = this.session.relay(target, relayed, TIMEOUT).get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			answer = RelayResponse.error(503, "The master did not relay the request: " + ex.getCause().getMessage());
		}
		catch (TimeoutException | RuntimeException ex) {
			answer = RelayResponse.error(503, "The master did not relay the request: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			answer = RelayResponse.error(503, "Interrupted while waiting for worker " + target);
		}
		response.setHeader(WorkerHeader.NAME, String.valueOf(target));
		response.setHeader("Cluster-Relayed-By", String.valueOf(this.session.id()));
		write(response, answer);
	}

	private static @Nullable JsonNode body(HttpServletRequest request) throws IOException {
		byte[] bytes;
		try (InputStream in = request.getInputStream()) {
			bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
		}
		if (bytes.length > MAX_REQUEST_BYTES) {
			return null;
		}
		if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
			return WireJson.mapper().createObjectNode();
		}
		try {
			JsonNode body = WireJson.mapper().readTree(bytes);
			return body.isObject() ? body : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static void write(HttpServletResponse response, RelayResponse answer) throws IOException {
		response.setStatus(answer.status());
		String type = answer.contentType();
		if (type != null) {
			response.setContentType(type);
		}
		byte[] body = answer.bytes();
		if (body.length > 0) {
			if (type != null && type.startsWith("text/") && !type.contains("charset")) {
				response.setCharacterEncoding(StandardCharsets.UTF_8);
			}
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
	}

	/**
	 * Who may relay what: the application's security decides for the target path.
	 */
	interface RelayAuthorization {

		/** Without Spring Security: whoever reached the {@code cluster} endpoint. */
		RelayAuthorization NONE = new RelayAuthorization() {

			@Override
			public boolean isAllowed(HttpServletRequest request, String path) {
				return true;
			}

			@Override
			public List<String> roles(HttpServletRequest request) {
				return List.of();
			}

		};

		boolean isAllowed(HttpServletRequest request, String path);

		List<String> roles(HttpServletRequest request);

	}

}
