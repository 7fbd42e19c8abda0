package io.github.clustermaster.actuate;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerSession.MasterStatus;

/**
 * Relays commands over the worker's {@link WorkerSession}, and reads the status from the
 * session's latest copy, without a round trip to the master.
 *
 * @author cluster-master
 */
final class RelayingClusterClient implements ClusterClient {

	/** How long a command waits for the master's answer. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a restart that waits for its outcome is waited for: a rollout of many
	 * workers, each booting within the boot timeout, and a rollback.
	 */
	static final Duration OUTCOME_TIMEOUT = Duration.ofHours(1);

	private final WorkerSession session;

	private final Duration timeout;

	private final InstantSource clock;

	RelayingClusterClient(WorkerSession session, Duration timeout, InstantSource clock) {
		this.session = session;
		this.timeout = timeout;
		this.clock = clock;
	}

	@Override
	public CommandOutcome execute(ClusterCommand command) {
		CommandOutcome outcome;
		Duration timeout = (command instanceof ClusterCommand.Restart restart && restart.awaitOutcome())
				? OUTCOME_TIMEOUT : this.timeout;
		try {
			outcome = this.session.command(command, timeout).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw unavailable(command, ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			throw unavailable(command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(command, ex);
		}
		if (outcome.cluster() != null) {
			// Fresher than the last push: a read after this write sees it.
			this.session.statusReceived(outcome.cluster());
		}
		return outcome;
	}

	@Override
	public ClusterDescriptor status() {
		MasterStatus status = this.session.status();
		if (status == null) {
			throw new MasterUnavailableException(
					"Worker " + this.session.id() + " has no status from its master yet", null);
		}
		Duration age = Duration.between(status.receivedAt(), this.clock.instant());
		if (age.compareTo(MAX_STATUS_AGE) > 0) {
			throw new MasterUnavailableException("The master has not answered worker " + this.session.id() + " for "
					+ age.toMillis() + " ms: its latest status is older than " + MAX_STATUS_AGE.toSeconds() + " s",
					null);
		}
		return status.status();
	}

	private MasterUnavailableException unavailable(ClusterCommand command, Throwable cause) {
		return new MasterUnavailableException("Worker " + this.session.id() + " got no answer from its master to '"
				+ command.operation() + "': " + cause.getMessage(), cause);
	}

}
