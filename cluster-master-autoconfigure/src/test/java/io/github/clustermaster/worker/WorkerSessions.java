package io.github.clustermaster.worker;

import org.jspecify.annotations.Nullable;

/**
 * Worker sessions without a master, for tests of other packages.
 *
 * @author cluster-master
 */
public final class WorkerSessions {

	private WorkerSessions() {
	}

	/**
	 * A session that received the pool's secret and has no connection.
	 * @param id the worker's id
	 * @param secret the secret, or {@code null} for none yet
	 * @return the session
	 */
	public static WorkerSession of(int id, @Nullable String secret) {
		WorkerSession session = new WorkerSession(id, Runtime.getRuntime());
		if (secret != null) {
			session.secretReceived(secret);
		}
		return session;
	}

}
