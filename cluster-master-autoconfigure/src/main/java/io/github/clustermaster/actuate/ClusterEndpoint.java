package io.github.clustermaster.actuate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommand.Resize;
import io.github.clustermaster.control.CommandOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import io.github.clustermaster.ipc.WireJson;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code cluster} endpoint of a worker: the master's view of the cluster (the latest
 * status the master pushed to this worker), and the operations {@code resize},
 * {@code restart}, {@code upgrade} (a new master takes over: {@code 202} once it is started)
 * and {@code quit}, relayed to the master. An
 * operation answers {@code 202 Accepted} once the master has started it (the worker
 * answering may be one that it replaces or stops), {@code 409 Conflict} if what the
 * cluster is doing forbids it (a restart is running, the master is quitting), {@code 400}
 * naming the field for bad input and {@code 404} for an unknown operation; refused
 * operations change nothing. A restart with {@code wait=true} answers once its outcome is
 * known instead: {@code 200} when every worker was replaced and every replacement proved
 * itself, {@code 409} with the reason when it was aborted (and the workers it had
 * replaced were rolled back); the worker that relays it is replaced last, after it has
 * answered. {@code 503} means the master did not answer, or its latest
 * status is older than {@link ClusterClient#MAX_STATUS_AGE}.
 *
 * @author cluster-master
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private static final int STATUS_ACCEPTED = 202;

	private static final int STATUS_CONFLICT = 409;

	private static final JsonMapper json = WireJson.mapper();

	/** A restart's environment as a JSON object: its values are checked one by one. */
	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> ENV_OBJECT = new TypeReference<>() {
	};

	private final ClusterClient client;

	/**
	 * Create the endpoint.
	 * @param client relays to the master
	 */
	public ClusterEndpoint(ClusterClient client) {
		this.client = client;
	}

	/**
	 * The cluster as the master sees it.
	 * @return the cluster, or 503 if the master does not answer
	 */
	@ReadOperation
	public WebEndpointResponse<Object> cluster() {
		try {
			return new WebEndpointResponse<>(this.client.status(), WebEndpointResponse.STATUS_OK);
		}
		catch (MasterUnavailableException ex) {
			return refused("status", WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, ex.getMessage());
		}
	}

	/**
	 * Run an operation: {@code resize} with {@code {"size": n}} (and {@code "force": true}
	 * to resize beyond the master's memory budget), {@code restart} with an
	 * optional environment ({@code {"env": "{\"K\": \"V\"}"}} or {@code ?env=K=V}),
	 * and {@code wait=true} to answer with its outcome, {@code upgrade} (no body),
	 * {@code quit} with an optional {@code {"hard": true}}.
	 * @param operation the operation
	 * @param size the new size, for {@code resize}
	 * @param env the new workers' environment, for {@code restart}
	 * @param wait whether to answer with the outcome, for {@code restart}
	 * @param hard whether to kill the workers, for {@code quit}
	 * @param force whether to resize even beyond the memory budget, for {@code resize}
	 * @return what was started, or why not
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Selector String operation, @Nullable Object size,
			@Nullable Object env, @Nullable Object wait, @Nullable Object hard, @Nullable Object force) {
		ClusterCommand command;
		try {
			if (wait != null && !operation.equals("restart")) {
				throw new IllegalArgumentException("wait applies to restart only");
			}
			if (force != null && !operation.equals("resize")) {
				throw new IllegalArgumentException("force applies to resize only");
			}
			command = switch (operation) {
				case "resize" -> new Resize(size(size), flag("force", force));
				case "restart" -> new ClusterCommand.Restart(env(env), flag("wait", wait));
				case "quit" -> new ClusterCommand.Quit(flag("hard", hard));
				// No java here: an HTTP request does not name an executable for the master to run
				case "upgrade" -> new ClusterCommand.Upgrade();
				default -> null;
			};
		}
		catch (IllegalArgumentException ex) {
			return refused(operation, WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		if (command == null) {
			return refused(operation, WebEndpointResponse.STATUS_NOT_FOUND,
					"Unknown operation '" + operation + "'; expected resize, restart, upgrade or quit");
		}
		try {
			CommandOutcome outcome = this.client.execute(command);
			int status = status(outcome.outcome());
			return new WebEndpointResponse<>(
					new ClusterOperationDescriptor(operation, status, outcome.message(), outcome.cluster()), status);
		}
		catch (MasterUnavailableException ex) {
			return refused(operation, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, ex.getMessage());
		}
	}

	private static int status(CommandOutcome.Outcome outcome) {
		return switch (outcome) {
			case DONE -> WebEndpointResponse.STATUS_OK;
			case STARTED -> STATUS_ACCEPTED;
			case REJECTED -> WebEndpointResponse.STATUS_BAD_REQUEST;
			case CONFLICT -> STATUS_CONFLICT;
			// Aborted (and rolled back) or superseded: what the cluster did forbade it.
			case FAILED -> STATUS_CONFLICT;
		};
	}

	private static WebEndpointResponse<Object> refused(String operation, int status, @Nullable String message) {
		return new WebEndpointResponse<>(
				new ClusterOperationDescriptor(operation, status, String.valueOf(message), null), status);
	}

	/**
	 * The size as a number; {@link Resize} checks its range.
	 */
	private static int size(@Nullable Object size) {
		if (size == null) {
			throw new IllegalArgumentException("size is missing: " + Resize.EXPECTED + ", e.g. {\"size\": 4}");
		}
		BigInteger value = wholeNumber(size);
		if (value == null) {
			throw new IllegalArgumentException(Resize.EXPECTED + ", was " + describe(size));
		}
		if (value.bitLength() >= Integer.SIZE) {
			throw new IllegalArgumentException(Resize.EXPECTED + ", was " + value);
		}
		return value.intValue();
	}

	/**
	 * Boot reads a write operation's JSON body as a map of strings: numbers arrive as
	 * their text.
	 */
	private static @Nullable BigInteger wholeNumber(Object value) {
		try {
			return new BigDecimal(String.valueOf(value).trim()).toBigIntegerExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * The environment, as Boot can pass it: a JSON object in a string (Boot reads a write
	 * operation's body as a map of strings, so {@code {"env": {"K": "V"}}} cannot reach an
	 * endpoint), or {@code NAME=value} query parameters, one per variable.
	 */
	private static @Nullable Map<String, String> env(@Nullable Object env) {
		if (env == null) {
			return null;
		}
		String expected = "env must be a JSON object of variables in a string, e.g. {\"env\": \"{\\\"K\\\": \\\"V\\\"}\"}, "
				+ "or NAME=value query parameters (?env=K=V)";
		Map<String, String> variables = new LinkedHashMap<>();
		if (env instanceof String text && text.trim().startsWith("{")) {
			Map<String, @Nullable Object> object;
			try {
				object = json.readValue(text, ENV_OBJECT);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException(expected + "; it is not valid JSON: " + ex.getOriginalMessage());
			}
			object.forEach((name, value) -> {
				if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
					throw new IllegalArgumentException("env." + name + " must be a string, a number or a boolean, was "
							+ json.writeValueAsString(value));
				}
				variables.put(name, String.valueOf(value));
			});
			return variables;
		}
		List<?> pairs = (env instanceof List<?> list) ? list : List.of(env);
		for (Object pair : pairs) {
			String text = String.valueOf(pair);
			int equals = text.indexOf('=');
			if (!(pair instanceof String) || equals <= 0) {
				throw new IllegalArgumentException(expected + ", was " + describe(pair));
			}
			variables.put(text.substring(0, equals), text.substring(equals + 1));
		}
		return variables;
	}

	private static boolean flag(String name, @Nullable Object value) {
		if (value == null) {
			return false;
		}
		String text = String.valueOf(value).trim();
		if (text.equals("true") || text.equals("false")) {
			return Boolean.parseBoolean(text);
		}
		throw new IllegalArgumentException(name + " must be true or false, was " + describe(value));
	}

	private static String describe(@Nullable Object value) {
		return (value instanceof String text && !isNumber(text)) ? "\"" + text + "\"" : String.valueOf(value);
	}

	private static boolean isNumber(String text) {
		try {
			new BigDecimal(text.trim());
			return true;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}
