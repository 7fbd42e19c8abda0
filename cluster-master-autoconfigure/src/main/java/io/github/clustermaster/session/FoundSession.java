package io.github.clustermaster.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.ipc.SessionData;
import org.jspecify.annotations.Nullable;

/**
 * A session as the pool's store answered a find, with its attributes read back once for
 * every request of this worker that finds the same answer: while a worker keeps a copy of
 * the session ({@link SessionCopies}), its requests share the objects read, as the
 * requests of one JVM share the objects of Tomcat's in-memory sessions.
 *
 * @author cluster-master
 */
public final class FoundSession {

	private final SessionData data;

	private final Map<String, Object> values = new ConcurrentHashMap<>();

	/**
	 * Wrap a session the store answered.
	 * @param data the session
	 */
	public FoundSession(SessionData data) {
		this.data = data;
	}

	/**
	 * The session as the store holds it.
	 * @return the session
	 */
	public SessionData data() {
		return this.data;
	}

	/**
	 * An attribute, read back the first time it is asked for and shared after.
	 * @param name the attribute's name
	 * @param codec how to read it back
	 * @return its value, or {@code null} when the session has none of that name or it
	 * cannot be read in this worker
	 */
	public @Nullable Object attribute(String name, SessionAttributes codec) {
		Object value = this.values.get(name);
		if (value != null) {
			return value;
		}
		byte[] bytes = this.data.attributes().get(name);
		if (bytes == null) {
			return null;
		}
		value = codec.deserialize(name, bytes);
		if (value == null) {
			return null;
		}
		Object first = this.values.putIfAbsent(name, value);
		return (first != null) ? first : value;
	}

}
