package io.github.clustermaster.ipc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a worker asks of the pool's HTTP session store. {@link Op#FIND} returns the
 * session and marks it used; {@link Op#SAVE} sends only what changed since the session
 * was found (or all of it, for a new one); {@link Op#DELETE} removes it;
 * {@link Op#HAND_OVER} moves the whole store to a new master during an upgrade.
 *
 * @param op what to do
 * @param id the session's id (its new id when {@code previousId} is given)
 * @param previousId the id the session was found under, when the worker changed it
 * (session fixation protection at login), else {@code null}
 * @param creationTime when the session was created, in epoch milliseconds (a save)
 * @param maxInactiveSeconds how long it may stay unused, in seconds (a save)
 * @param set the attributes set since it was found, serialized (a save)
 * @param removed the names of the attributes removed since it was found (a save)
 * @author cluster-master
 */
public record SessionCall(Op op, String id, @Nullable String previousId, long creationTime, long maxInactiveSeconds,
		@Nullable Map<String, byte[]> set, @Nullable List<String> removed) {

	/**
	 * Check the call.
	 * @param op what to do
	 * @param id the session's id
	 * @param previousId the id the session was found under, or {@code null}
	 * @param creationTime when the session was created
	 * @param maxInactiveSeconds how long it may stay unused
	 * @param set the attributes set
	 * @param removed the attributes removed
	 */
	public SessionCall {
		Objects.requireNonNull(op, "a session call needs an op");
		Objects.requireNonNull(id, "a session call needs a session id");
		set = (set != null) ? Map.copyOf(set) : Map.of();
		removed = (removed != null) ? List.copyOf(removed) : List.of();
	}

	/**
	 * Find a session.
	 * @param id its id
	 * @return the call
	 */
	public static SessionCall find(String id) {
		return new SessionCall(Op.FIND, id, null, 0, 0, null, null);
	}

	/**
	 * Delete a session.
	 * @param id its id
	 * @return the call
	 */
	public static SessionCall delete(String id) {
		return new SessionCall(Op.DELETE, id, null, 0, 0, null, null);
	}

	/**
	 * What a worker asks.
	 */
	public enum Op {

		/** Find a session and mark it used. */
		FIND,

		/** Save what changed in a session, creating it if needed. */
		SAVE,

		/** Remove a session. */
		DELETE,

		/**
		 * From a new master to the one it replaces, as it takes over: every session, then
		 * the end (a reply without a session). From then on the old master relays its
		 * workers' calls to the new one, whose IPC socket is the call's {@code id}.
		 */
		HAND_OVER

	}

}
