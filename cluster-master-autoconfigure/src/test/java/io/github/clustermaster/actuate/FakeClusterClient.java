package io.github.clustermaster.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.control.WorkerDescriptor;

/**
 * A {@link ClusterClient} that records the commands and answers from a script; its
 * status is {@link #cluster}, as if the master had just pushed it.
 */
class FakeClusterClient implements ClusterClient {

	final List<ClusterCommand> commands = new CopyOnWriteArrayList<>();

	volatile ClusterDescriptor cluster = cluster(2, 2, false, false);

	volatile CommandOutcome.Outcome outcome = Outcome.STARTED;

	volatile String message;

	volatile boolean unavailable;

	volatile int statusReads;

	@Override
	public CommandOutcome execute(ClusterCommand command) {
		this.commands.add(command);
		if (this.unavailable) {
			throw new MasterUnavailableException("Worker 1 got no answer from its master to '" + command.operation()
					+ "': gone", new IllegalStateException("gone"));
		}
		String message = (this.message != null) ? this.message : this.outcome + " " + command.operation();
		return new CommandOutcome(this.outcome, message, this.cluster);
	}

	@Override
	public ClusterDescriptor status() {
		this.statusReads++;
		if (this.unavailable) {
			throw new MasterUnavailableException("The master has not answered worker 1 for 6000 ms: its latest "
					+ "status is older than 5 s", null);
		}
		return this.cluster;
	}

	static ClusterDescriptor cluster(int size, int ready, boolean danger, boolean failed) {
		List<WorkerDescriptor> workers = new java.util.ArrayList<>();
		for (int id = 1; id <= ready; id++) {
			workers.add(new WorkerDescriptor(id, id - 1, 100 + id, "READY", "PT5S", 1, 0, null, null, null, null, null));
		}
		return new ClusterDescriptor(42, size, ready, 1, false, danger, failed, false, workers,
				new ClusterDescriptor.Counters(1, 2, 3, 4, 4000, 1000, 1500, 0), null, null, null, null, 3, null, null, null);
	}

}
