package io.github.clustermaster.control;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A command a worker relays to its master.
 *
 * @param operation {@code status}, {@code resize}, {@code restart} or {@code quit}
 * @param size the new size, for {@code resize}
 * @param env the environment of the new workers, for {@code restart}; {@code null} keeps
 * the current one
 * @param hard whether a {@code quit} kills the workers instead of stopping them gracefully
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterCommand(String operation, @Nullable Integer size, @Nullable Map<String, String> env,
		@Nullable Boolean hard) {

	/** Read the cluster's status. */
	public static final String STATUS = "status";

	/** Change the number of workers. */
	public static final String RESIZE = "resize";

	/** Replace every worker, one at a time. */
	public static final String RESTART = "restart";

	/** Stop every worker, then the master. */
	public static final String QUIT = "quit";

	/**
	 * Read the cluster's status.
	 * @return the command
	 */
	public static ClusterCommand status() {
		return new ClusterCommand(STATUS, null, null, null);
	}

	/**
	 * Change the number of workers.
	 * @param size the new number
	 * @return the command
	 */
	public static ClusterCommand resize(int size) {
		return new ClusterCommand(RESIZE, size, null, null);
	}

	/**
	 * Replace every worker, one at a time.
	 * @param env the new workers' environment, or {@code null} to keep the current one
	 * @return the command
	 */
	public static ClusterCommand restart(@Nullable Map<String, String> env) {
		return new ClusterCommand(RESTART, null, env, null);
	}

	/**
	 * Stop every worker, then the master.
	 * @param hard whether to kill the workers instead of stopping them gracefully
	 * @return the command
	 */
	public static ClusterCommand quit(boolean hard) {
		return new ClusterCommand(QUIT, null, null, hard);
	}

}
