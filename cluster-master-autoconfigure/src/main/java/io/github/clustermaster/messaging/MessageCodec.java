package io.github.clustermaster.messaging;

import io.github.clustermaster.ipc.FrameTooLargeException;
import io.github.clustermaster.ipc.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Turns application objects into the JSON that travels between workers and master, and
 * back, with errors that say which object and why.
 *
 * @author cluster-master
 */
public final class MessageCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the mapper, usually the application's own
	 */
	public MessageCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * A codec with Jackson's defaults.
	 * @return the codec
	 */
	public static MessageCodec withDefaults() {
		return new MessageCodec(WireJson.mapper());
	}

	/**
	 * Write a message as JSON.
	 * @param message the message: anything Jackson can write
	 * @return its JSON
	 * @throws ClusterMessageException if Jackson cannot write it
	 */
	public JsonNode encode(@Nullable Object message) {
		if (message == null) {
			return NullNode.getInstance();
		}
		try {
			return this.mapper.valueToTree(message);
		}
		catch (JacksonException ex) {
			throw new ClusterMessageException("Cannot send a " + message.getClass().getName() + " as JSON: "
					+ ex.getOriginalMessage() + "; nothing was sent", ex);
		}
	}

	/**
	 * Read a message.
	 * @param <T> the type
	 * @param payload the JSON
	 * @param type the type to read it as
	 * @return the message
	 * @throws ClusterMessageException if the JSON does not fit the type
	 */
	public <T> @Nullable T decode(JsonNode payload, Class<T> type) {
		try {
			return this.mapper.treeToValue(payload, type);
		}
		catch (JacksonException ex) {
			throw new ClusterMessageException("Cannot read the message " + abbreviate(payload) + " as a "
					+ type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * The exception a sender throws for a message over the IPC limit.
	 * @param what what was sent, e.g. {@code "message to the master"}
	 * @param ex the IPC layer's refusal
	 * @return the exception
	 */
	public static ClusterMessageException tooLarge(String what, FrameTooLargeException ex) {
		return new ClusterMessageException("The " + what + " is too large: " + ex.getMessage(), ex);
	}

	private static String abbreviate(JsonNode payload) {
		String json = payload.toString();
		return (json.length() > 80) ? json.substring(0, 80) + "..." : json;
	}

}
