package io.github.clustermaster.actuate;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;

/**
 * A worker's way to the cluster's controls: each command is relayed to the master, which
 * answers once it has accepted or refused it.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface ClusterClient {

	/**
	 * Relay a command to the master and wait for its answer.
	 * @param command the command
	 * @return the master's answer
	 * @throws MasterUnavailableException if the master does not answer
	 */
	CommandOutcome execute(ClusterCommand command);

	/**
	 * The cluster as the master sees it now.
	 * @return the cluster
	 * @throws MasterUnavailableException if the master does not answer
	 */
	default ClusterDescriptor status() {
		CommandOutcome outcome = execute(ClusterCommand.status());
		ClusterDescriptor cluster = outcome.cluster();
		if (cluster == null) {
			throw new IllegalStateException("The master answered the status command without a status: "
					+ outcome.message());
		}
		return cluster;
	}

}
