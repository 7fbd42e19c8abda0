package io.github.clustermaster.actuate;

import org.jspecify.annotations.Nullable;

/**
 * The master did not answer a worker's command, or pushed no status for longer than
 * {@link ClusterClient#MAX_STATUS_AGE}: it is busy beyond the timeout, quitting, or gone.
 *
 * @author cluster-master
 */
public class MasterUnavailableException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause, or {@code null}
	 */
	public MasterUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
