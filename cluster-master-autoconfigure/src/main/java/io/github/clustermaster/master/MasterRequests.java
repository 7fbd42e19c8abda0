package io.github.clustermaster.master;

import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommands;
import io.github.clustermaster.ipc.WorkerRequests;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the workers' commands with {@link ClusterCommands} and hands their messages to
 * {@link MasterMessaging}.
 *
 * @author cluster-master
 */
final class MasterRequests implements WorkerRequests {

	/** The control protocol's own mapper: the application's settings must not change it. */
	private static final JsonMapper json = JsonMapper.builder().build();

	private final ClusterCommands commands;

	private final MasterMessaging messaging;

	MasterRequests(ClusterCommands commands, MasterMessaging messaging) {
		this.commands = commands;
		this.messaging = messaging;
	}

	@Override
	public CompletableFuture<JsonNode> command(int worker, JsonNode command) {
		ClusterCommand parsed;
		try {
			parsed = json.treeToValue(command, ClusterCommand.class);
		}
		catch (JacksonException ex) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("Malformed command from worker " + worker + ": " + ex.getOriginalMessage()));
		}
		return this.commands.execute(parsed).thenApply(json::valueToTree);
	}

	@Override
	public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
		this.messaging.received(worker, pid, message, seq);
	}

}
