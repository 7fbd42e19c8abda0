package io.github.clustermaster.pool;

import java.util.Objects;

/**
 * State of the application that each worker keeps for itself and the pool cannot share,
 * with what to do about it: one line in the master's log, one entry in
 * {@code GET /actuator/cluster}'s {@code warnings}.
 *
 * @param kind the kind, as in {@code cluster.master.warnings.<kind>}, e.g.
 * {@code in-memory-database}
 * @param message what was found, what it means with several workers, and the fix
 * @author cluster-master
 */
public record PoolWarning(String kind, String message) {

	/**
	 * Check the warning.
	 * @param kind the kind
	 * @param message the message
	 */
	public PoolWarning {
		Objects.requireNonNull(kind, "a warning needs a kind");
		Objects.requireNonNull(message, "a warning needs a message");
	}

}
