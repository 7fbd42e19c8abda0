package io.github.clustermaster.ipc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An Actuator request for one worker, relayed through the master
 * ({@code /actuator/cluster/workers/{id}/…}, or the REPL's {@code threaddump} and
 * {@code loggers}): the worker answers it in its own process as its web layer would have.
 *
 * @param method the HTTP method, {@code GET}, {@code POST} or {@code DELETE}
 * @param endpoint the endpoint's id, e.g. {@code health}
 * @param path the path below the endpoint, or empty
 * @param query the query parameters, decoded, by name
 * @param body a {@code POST}'s body: the endpoint's own free-form JSON object, handed to
 * its operation field by field as Boot's web layer does (it stays a tree: its shape is
 * the endpoint's, not the protocol's), or {@code null}
 * @param accept the caller's {@code Accept} header, or {@code null}
 * @param principal the name of the caller as the relaying worker authenticated it, or
 * {@code null}
 * @param roles the caller's roles, for operations that show more to some users
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelayRequest(String method, String endpoint, String path, Map<String, List<String>> query,
		@Nullable JsonNode body, @Nullable String accept, @Nullable String principal, List<String> roles) {

	/**
	 * Check the request.
	 * @param method the HTTP method
	 * @param endpoint the endpoint's id
	 * @param path the path below the endpoint
	 * @param query the query parameters
	 * @param body a {@code POST}'s body, or {@code null}
	 * @param accept the {@code Accept} header, or {@code null}
	 * @param principal the caller's name, or {@code null}
	 * @param roles the caller's roles
	 */
	public RelayRequest {
		Objects.requireNonNull(method, "a relayed request needs a method");
		Objects.requireNonNull(endpoint, "a relayed request needs an endpoint");
		path = (path != null) ? path : "";
		query = (query != null) ? Map.copyOf(query) : Map.of();
		roles = (roles != null) ? List.copyOf(roles) : List.of();
	}

	/**
	 * A request without a body, query or caller, as the master's REPL makes them.
	 * @param method the HTTP method
	 * @param endpoint the endpoint's id
	 * @param path the path below the endpoint
	 * @param accept the media type asked for, or {@code null}
	 * @return the request
	 */
	public static RelayRequest of(String method, String endpoint, String path, @Nullable String accept) {
		return new RelayRequest(method, endpoint, path, Map.of(), null, accept, null, List.of());
	}

}
