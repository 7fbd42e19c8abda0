package io.github.clustermaster.master;

/**
 * Ends the master once its pool has ended. The default closes the master's context and
 * calls {@link System#exit(int)}; a test running a master in its own JVM replaces it.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface MasterExit {

	/**
	 * End the master.
	 * @param code the exit code: 0 after a graceful quit, 1 after a hard quit or when no
	 * worker could stay up, 70 when the supervisor failed beyond containment
	 */
	void exit(int code);

}
