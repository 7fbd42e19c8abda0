package io.github.clustermaster.actuate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.worker.WorkerSession;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays commands over the worker's {@link WorkerSession}.
 *
 * @author cluster-master
 */
final class RelayingClusterClient implements ClusterClient {

	/** How long a command waits for the master's answer. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** The control protocol's own mapper: the application's settings must not change it. */
	private static final JsonMapper json = JsonMapper.builder().build();

	private final WorkerSession session;

	private final Duration timeout;

	RelayingClusterClient(WorkerSession session, Duration timeout) {
		this.session = session;
		this.timeout = timeout;
	}

	@Override
	public CommandOutcome execute(ClusterCommand command) {
		JsonNode answer;
		try {
			answer = this.session.command(json.valueToTree(command), this.timeout)
				.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw unavailable(command, ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			throw unavailable(command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(command, ex);
		}
		try {
			return json.treeToValue(answer, CommandOutcome.class);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("The master's answer to " + command.operation() + " is not understood: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	private MasterUnavailableException unavailable(ClusterCommand command, Throwable cause) {
		return new MasterUnavailableException("Worker " + this.session.id() + " got no answer from its master to '"
				+ command.operation() + "': " + cause.getMessage(), cause);
	}

}
