package io.github.clustermaster.messaging;

/**
 * A message could not be sent, read or answered: it cannot be written as JSON, it is
 * larger than the IPC limit, the other side is gone, or the master's listener failed.
 * The IPC connection stays open.
 *
 * @author cluster-master
 */
public class ClusterMessageException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	public ClusterMessageException(String message) {
		super(message);
	}

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public ClusterMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
