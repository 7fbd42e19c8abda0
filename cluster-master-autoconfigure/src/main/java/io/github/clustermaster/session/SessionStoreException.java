package io.github.clustermaster.session;

import org.jspecify.annotations.Nullable;

/**
 * The pool's session store did not answer a worker, or refused its call.
 *
 * @author cluster-master
 */
public class SessionStoreException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param cause why, or {@code null}
	 */
	public SessionStoreException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
