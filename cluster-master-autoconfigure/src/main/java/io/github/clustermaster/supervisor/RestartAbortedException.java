package io.github.clustermaster.supervisor;

/**
 * Thrown when a rolling restart is given up and the old workers are kept.
 *
 * @author cluster-master
 */
public class RestartAbortedException extends RuntimeException {

	RestartAbortedException(String message) {
		super(message);
	}

}
