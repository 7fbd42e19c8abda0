package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives a {@link Supervisor} from a test's own thread: one step at a time, and its
 * workers' states, the way the tests of each of its concerns read them.
 *
 * @author cluster-master
 */
final class SupervisorSteps {

	private SupervisorSteps() {
	}

	/**
	 * Run the queued events and one reconcile, without waiting.
	 * @param supervisor the supervisor
	 */
	static void step(Supervisor supervisor) {
		try {
			supervisor.step(Duration.ZERO);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Connect the workers, report them ready, and step once.
	 * @param supervisor the supervisor
	 * @param launcher the launcher that started them
	 * @param ids the workers
	 */
	static void ready(Supervisor supervisor, FakeLauncher launcher, int... ids) {
		for (int id : ids) {
			supervisor.connected(id, launcher.process(id).pid(), new FakeLink());
			supervisor.ready(id);
		}
		step(supervisor);
	}

	/**
	 * Each worker's state, by id, oldest first.
	 * @param supervisor the supervisor
	 * @return the states
	 */
	static Map<Integer, WorkerState> states(Supervisor supervisor) {
		Map<Integer, WorkerState> states = new LinkedHashMap<>();
		supervisor.workers().forEach((worker) -> states.put(worker.id(), worker.state()));
		return states;
	}

}
