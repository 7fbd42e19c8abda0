package io.github.clustermaster.worker;

import org.jspecify.annotations.Nullable;

/**
 * Whether a generated password of the application took the pool's value in this worker.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface PoolPassword {

	/**
	 * The user whose generated password is the pool's in this worker, if the application
	 * uses it.
	 * @return the user's name, or {@code null}
	 */
	@Nullable String user();

}
