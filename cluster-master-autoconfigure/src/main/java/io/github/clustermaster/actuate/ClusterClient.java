package io.github.clustermaster.actuate;

import java.time.Duration;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;

/**
 * A worker's way to the cluster's controls: each command is relayed to the master, which
 * answers once it has accepted or refused it; the status is the latest one the master
 * pushed to this worker.
 *
 * @author cluster-master
 */
public interface ClusterClient {

	/**
	 * How old the latest status pushed by the master may be: an older one (or none yet)
	 * reads as "the master does not answer". The master pushes at least once a second.
	 */
	Duration MAX_STATUS_AGE = Duration.ofSeconds(5);

	/**
	 * Relay a command to the master and wait for its answer.
	 * @param command the command
	 * @return the master's answer
	 * @throws MasterUnavailableException if the master does not answer
	 */
	CommandOutcome execute(ClusterCommand command);

	/**
	 * The cluster as the master last pushed it to this worker, at most
	 * {@link #MAX_STATUS_AGE} old.
	 * @return the cluster
	 * @throws MasterUnavailableException if there is no status that recent
	 */
	ClusterDescriptor status();

}
