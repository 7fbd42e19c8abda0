package io.github.clustermaster.testsupport;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one HTTP request: a status and a body, or the exception that stopped it.
 *
 * @param status the status code, or {@code -1} if there was no complete response
 * @param body the body, empty if there was no complete response
 * @param failure why there was no complete response, or {@code null}
 * @author cluster-master
 */
public record HttpResult(int status, String body, @Nullable Exception failure) {

	/**
	 * Create the result of a complete response.
	 * @param status the status code
	 * @param body the body
	 * @return the result
	 */
	public static HttpResult of(int status, String body) {
		return new HttpResult(status, body, null);
	}

	/**
	 * Create the result of a request that got no complete response.
	 * @param failure what went wrong
	 * @return the result
	 */
	public static HttpResult failed(Exception failure) {
		return new HttpResult(-1, "", failure);
	}

	/**
	 * Whether a complete response with a 2xx status arrived.
	 * @return whether the request succeeded
	 */
	public boolean isOk() {
		return this.failure == null && this.status >= 200 && this.status < 300;
	}

	/**
	 * Describe the result in one line, for failure messages.
	 * @return a description
	 */
	public String describe() {
		if (this.failure != null) {
			return this.failure.getClass().getSimpleName() + ": " + this.failure.getMessage();
		}
		String body = this.body.strip();
		return "HTTP " + this.status + " " + ((body.length() > 120) ? body.substring(0, 120) + "..." : body);
	}

}
