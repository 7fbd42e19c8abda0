package io.github.clustermaster.actuate;

/**
 * The master did not answer a worker's command: it is busy beyond the timeout, quitting,
 * or gone.
 *
 * @author cluster-master
 */
public class MasterUnavailableException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public MasterUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
