package io.github.clustermaster.master;

/**
 * Changes the command line the master starts its workers with, e.g. to give the workers
 * alone a {@code -javaagent}. Declare it as a bean in a
 * {@link ClusterMasterConfiguration @ClusterMasterConfiguration} class; customizers run
 * in their {@link org.springframework.core.annotation.Order order}, once, before the first
 * worker starts.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface WorkerCommandLineCustomizer {

	/**
	 * Customize the command line.
	 * @param commandLine the command line, built from {@code cluster.master.*}
	 */
	void customize(WorkerCommandLine commandLine);

}
