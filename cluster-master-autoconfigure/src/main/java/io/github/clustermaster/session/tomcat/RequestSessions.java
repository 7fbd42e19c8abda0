package io.github.clustermaster.session.tomcat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The pool's sessions one request used, and the attributes it read from each, recorded
 * on the request's thread while {@link PoolSessionValve} runs it: at the request's end
 * these are the sessions to save and the attributes to check for changes made in place.
 *
 * @author cluster-master
 */
final class RequestSessions {

	private static final ThreadLocal<@Nullable RequestSessions> CURRENT = new ThreadLocal<>();

	/** Empty until the request uses a session: most requests of an application use none. */
	private List<Used> used = List.of();

	/**
	 * Start recording on this thread.
	 * @return the recording, to {@link #end} on the same thread
	 */
	static RequestSessions begin() {
		RequestSessions sessions = new RequestSessions();
		CURRENT.set(sessions);
		return sessions;
	}

	/** Stop recording on this thread. */
	static void end() {
		CURRENT.remove();
	}

	/**
	 * Note that the request on this thread uses a session.
	 * @param session the session
	 * @return whether a request is being recorded on this thread
	 */
	static boolean accessed(PoolTomcatSession session) {
		RequestSessions current = CURRENT.get();
		if (current == null) {
			return false;
		}
		current.of(session);
		return true;
	}

	/**
	 * Note that the request on this thread read an attribute of a session.
	 * @param session the session
	 * @param name the attribute's name
	 * @return whether a request is being recorded on this thread
	 */
	static boolean read(PoolTomcatSession session, String name) {
		RequestSessions current = CURRENT.get();
		if (current == null) {
			return false;
		}
		current.of(session).reads.add(name);
		return true;
	}

	private Used of(PoolTomcatSession session) {
		for (Used one : this.used) {
			if (one.session == session) {
				return one;
			}
		}
		Used one = new Used(session, new HashSet<>());
		if (this.used.isEmpty()) {
			this.used = new ArrayList<>(1);
		}
		this.used.add(one);
		return one;
	}

	/**
	 * Add what another dispatch of the same request recorded.
	 * @param other the other recording
	 */
	void addAll(RequestSessions other) {
		for (Used one : other.used) {
			of(one.session).reads.addAll(one.reads);
		}
	}

	boolean isEmpty() {
		return this.used.isEmpty();
	}

	List<Used> used() {
		return this.used;
	}

	/**
	 * A session the request used.
	 * @param session the session
	 * @param reads the attributes it read
	 */
	record Used(PoolTomcatSession session, Set<String> reads) {

	}

}
