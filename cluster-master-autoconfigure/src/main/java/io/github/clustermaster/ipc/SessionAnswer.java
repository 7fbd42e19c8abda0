package io.github.clustermaster.ipc;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the master's store answers a worker's session call with.
 *
 * @param session the session found, or {@code null} (none, or a call that returns
 * nothing)
 * @param cacheable whether the calling worker may keep the session and answer from it
 * until it is invalidated: this store holds it and counts the caller among those that
 * keep a copy
 * @param stale the other workers that keep a copy of what the call changed: each must
 * drop it before the call is answered
 * @author cluster-master
 */
public record SessionAnswer(@Nullable SessionData session, boolean cacheable, Set<Integer> stale) {

	/** The answer to a call that returns nothing and leaves no copy stale. */
	public static final SessionAnswer NONE = new SessionAnswer(null, false, Set.of());

	/**
	 * Check the answer.
	 * @param session the session found, or {@code null}
	 * @param cacheable whether the caller may keep it
	 * @param stale the workers whose copies must go first
	 */
	public SessionAnswer {
		stale = (stale != null) ? Set.copyOf(stale) : Set.of();
	}

	/**
	 * An answer the caller must not keep, from a store that tracks no copies (one relayed
	 * during an upgrade).
	 * @param session the session found, or {@code null}
	 * @return the answer
	 */
	public static SessionAnswer uncached(@Nullable SessionData session) {
		return new SessionAnswer(session, false, Set.of());
	}

}
