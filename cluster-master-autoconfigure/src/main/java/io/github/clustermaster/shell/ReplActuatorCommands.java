package io.github.clustermaster.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.master.PoolActuator;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;

/**
 * The REPL's reads of the workers' Actuator, and the logger level of the whole pool:
 * thin adapters over the {@link PoolActuator}, which asks a worker to answer in its own
 * process (the Actuator operations the application exposes on the web, nothing more).
 *
 * @author cluster-master
 */
class ReplActuatorCommands {

	private static final long TIMEOUT_SECONDS = 30;

	private final PoolActuator actuator;

	private final WorkerPoolManager pool;

	ReplActuatorCommands(PoolActuator actuator, WorkerPoolManager pool) {
		this.actuator = actuator;
		this.pool = pool;
	}

	@Command(name = "threaddump", group = ReplCommands.CLUSTER, description = "A worker's thread dump: threaddump <id>",
			help = "Usage: threaddump <id>\nWorker <id> answers its Actuator threaddump endpoint (which the application"
					+ " must expose) in its own process, as text.")
	public String threaddump(@Argument(index = 0, description = "the worker's id") String id) {
		return relay(worker(id), "GET", "threaddump", "", "text/plain").text();
	}

	@Command(name = "loggers", group = ReplCommands.CLUSTER,
			description = "Logger levels: loggers [name [level|reset]]",
			help = "Usage: loggers, loggers <name>, loggers <name> <level>, loggers <name> reset\nWithout a name, the"
					+ " loggers with a configured level (a ready worker's: every worker has the same); with a name, that"
					+ " logger's levels; with a level, set it on every worker and on every worker started later (reset:"
					+ " back to the configuration's). Needs the Actuator loggers endpoint exposed.")
	public String loggers(@Arguments List<String> words) {
		if (words.size() > 2) {
			throw new ReplCommandException("expected at most a logger name and a level, for example: loggers "
					+ "org.apache.catalina DEBUG");
		}
		if (words.size() == 2) {
			return set(words.get(0), words.get(1));
		}
		int worker = anyReady();
		if (words.size() == 1) {
			Levels levels = read(relay(worker, "GET", "loggers", words.get(0), null), Levels.class);
			return words.get(0) + ": configured " + orDash(levels.configuredLevel()) + ", effective "
					+ orDash(levels.effectiveLevel()) + " (worker " + worker + ")";
		}
		Loggers all = read(relay(worker, "GET", "loggers", "", null), Loggers.class);
		List<String> lines = new ArrayList<>();
		if (all.loggers() != null) {
			all.loggers().forEach((name, levels) -> {
				if (levels != null && levels.configuredLevel() != null) {
					lines.add(name + ": " + levels.configuredLevel());
				}
			});
		}
		return lines.isEmpty() ? "No logger has a configured level" : String.join("\n", lines);
	}

	private String set(String name, String level) {
		Map<String, String> arguments = new LinkedHashMap<>();
		arguments.put("name", name);
		boolean reset = level.equalsIgnoreCase("reset");
		if (!reset) {
			arguments.put("configuredLevel", level.toUpperCase(Locale.ROOT));
		}
		PoolWriteOutcome answer = await(this.actuator.applyEverywhere("loggers:configuredLevel,name", arguments));
		List<Integer> applied = answer.applied();
		StringBuilder text = new StringBuilder((reset ? "Reset " + name : "Set " + name + " to "
				+ level.toUpperCase(Locale.ROOT)) + " on " + ReplFormat.workers(applied.size()) + " " + applied);
		answer.failed()
			.forEach((id, why) -> text.append("\nworker ").append(id).append(" could not: ").append(why));
		return text.toString();
	}

	private int worker(String id) {
		try {
			return Integer.parseInt(id.trim());
		}
		catch (NumberFormatException ex) {
			throw new ReplCommandException("expected a worker id, got '" + ReplFormat.printable(id) + "'");
		}
	}

	private int anyReady() {
		return this.pool.status()
			.workers()
			.stream()
			.filter((worker) -> worker.state() == WorkerState.READY)
			.map(WorkerInfo::id)
			.findFirst()
			.orElseThrow(() -> new ReplCommandException("no worker is ready to answer"));
	}

	private RelayResponse relay(int worker, String method, String endpoint, String path, @Nullable String accept) {
		RelayResponse response = await(this.actuator.relay(worker, RelayRequest.of(method, endpoint, path, accept)));
		int status = response.status();
		if (status >= 400) {
			String body = response.text();
			String message = null;
			try {
				message = WireJson.mapper().readValue(body, ErrorAnswer.class).message();
			}
			catch (JacksonException ex) {
				// not a JSON object: the body as it is
			}
			throw new ReplCommandException(status + ": " + ((message != null) ? message : body));
		}
		return response;
	}

	private static <T> T read(RelayResponse response, Class<T> type) {
		try {
			return WireJson.mapper().readValue(response.text(), type);
		}
		catch (JacksonException ex) {
			throw new ReplCommandException("the worker's answer is not JSON: " + ex.getOriginalMessage());
		}
	}

	private static <T> T await(CompletableFuture<T> answer) {
		try {
			return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new ReplCommandException(String.valueOf(ex.getCause().getMessage()));
		}
		catch (TimeoutException ex) {
			throw new ReplCommandException("no answer within " + TIMEOUT_SECONDS + " s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ReplCommandException("interrupted");
		}
	}

	private static String orDash(@Nullable String level) {
		return Objects.requireNonNullElse(level, "-");
	}

	/** A logger's levels, as Boot's {@code loggers} endpoint answers them. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Levels(@Nullable String configuredLevel, @Nullable String effectiveLevel) {
	}

	/** Boot's {@code loggers} endpoint's answer, its loggers only. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Loggers(@Nullable Map<String, Levels> loggers) {
	}

	/**
	 * The part of an Actuator error answer the REPL shows.
	 *
	 * @param message what went wrong, or {@code null} when the answer has none
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ErrorAnswer(@Nullable String message) {
	}

}
