package io.github.clustermaster.ipc;

import java.nio.file.Path;
import java.util.List;

/**
 * What the master does with the workers' calls on the HTTP session store. Called on the
 * worker's IPC thread, never on the supervisor's: implementations answer from memory and
 * return quickly.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface SessionRequests {

	/** Refuses every call, for a master whose session store is switched off. */
	SessionRequests NONE = (worker, call) -> {
		throw new IllegalStateException("The master keeps no sessions (cluster.master.sessions.enabled=false)");
	};

	/**
	 * Answer a call.
	 * @param worker the calling worker's id; 0 for another master's store link
	 * @param call the call
	 * @return the session, for a find that found one, whether the caller may keep it, and
	 * the other workers whose copies the call made stale
	 * @throws IllegalArgumentException if the call cannot be honoured (e.g. a session
	 * larger than the store), answered as an error
	 */
	SessionAnswer answer(int worker, SessionCall call);

	/**
	 * Hand the whole store to a new master that takes over: from now on, relay every call
	 * to it.
	 * @param successor the new master's IPC socket
	 * @return every session held
	 */
	default List<SessionData> handOver(Path successor) {
		throw new IllegalStateException("This master keeps no sessions to hand over");
	}

}
