package io.github.clustermaster.ipc;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP session as the pool's store holds it: its attributes are serialized by the
 * worker that set them and opaque to the master (bytes, base64 on the wire).
 *
 * @param id the session's id
 * @param creationTime when it was created, in epoch milliseconds
 * @param lastAccessedTime when a request last used it, in epoch milliseconds
 * @param maxInactiveSeconds how long it may stay unused before it expires, in seconds; 0
 * or less: never
 * @param attributes its attributes by name, each serialized
 * @author cluster-master
 */
public record SessionData(String id, long creationTime, long lastAccessedTime, long maxInactiveSeconds,
		Map<String, byte[]> attributes) {

	/**
	 * Check the session.
	 * @param id the session's id
	 * @param creationTime when it was created, in epoch milliseconds
	 * @param lastAccessedTime when a request last used it, in epoch milliseconds
	 * @param maxInactiveSeconds how long it may stay unused, in seconds
	 * @param attributes its attributes by name, each serialized
	 */
	public SessionData {
		Objects.requireNonNull(id, "a session needs an id");
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
	}

}
