package io.github.clustermaster.ipc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The relayed Actuator responses a worker or the master makes itself, when the target's
 * operation did not answer: {@code {"status":503,"contentType":"application/json",
 * "body":"{\"message\":…}"}}.
 *
 * @author cluster-master
 */
public final class RelayResponses {

	private RelayResponses() {
	}

	/**
	 * A response with a JSON body {@code {"message": message}}.
	 * @param status the HTTP status
	 * @param message what happened
	 * @return the response
	 */
	public static JsonNode error(int status, String message) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("status", status);
		body.put("message", message);
		return response(status, "application/json", body.toString());
	}

	/**
	 * A response with a text body.
	 * @param status the HTTP status
	 * @param contentType the body's content type
	 * @param body the body
	 * @return the response
	 */
	public static JsonNode response(int status, String contentType, String body) {
		ObjectNode response = JsonNodeFactory.instance.objectNode();
		response.put("status", status);
		response.put("contentType", contentType);
		response.put("body", body);
		return response;
	}

}
