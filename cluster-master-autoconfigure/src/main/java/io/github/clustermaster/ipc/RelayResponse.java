package io.github.clustermaster.ipc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A worker's answer to a {@link RelayRequest}, or the one a worker or the master makes
 * itself when the target's operation did not answer.
 *
 * @param status the HTTP status
 * @param contentType the body's content type, or {@code null} without a body
 * @param body the body as text, or {@code null}
 * @param bodyBase64 a binary body in Base64, or {@code null}
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RelayResponse(int status, @Nullable String contentType, @Nullable String body,
		@Nullable String bodyBase64) {

	/**
	 * A response with a JSON body {@code {"status": status, "message": message}}.
	 * @param status the HTTP status
	 * @param message what happened
	 * @return the response
	 */
	public static RelayResponse error(int status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("message", message);
		return new RelayResponse(status, "application/json", WireJson.mapper().writeValueAsString(body), null);
	}

	/**
	 * A response with a text body.
	 * @param status the HTTP status
	 * @param contentType the body's content type
	 * @param body the body
	 * @return the response
	 */
	public static RelayResponse text(int status, String contentType, String body) {
		return new RelayResponse(status, contentType, body, null);
	}

	/**
	 * A response without a body.
	 * @param status the HTTP status
	 * @return the response
	 */
	public static RelayResponse bodiless(int status) {
		return new RelayResponse(status, null, null, null);
	}

	/**
	 * The body's bytes, decoded from Base64 for a binary body.
	 * @return the bytes, empty without a body
	 */
	@JsonIgnore
	public byte[] bytes() {
		if (this.bodyBase64 != null) {
			return Base64.getDecoder().decode(this.bodyBase64);
		}
		return (this.body != null) ? this.body.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	/**
	 * The body as text, empty without one.
	 * @return the text
	 */
	@JsonIgnore
	public String text() {
		return (this.body != null) ? this.body : "";
	}

}
