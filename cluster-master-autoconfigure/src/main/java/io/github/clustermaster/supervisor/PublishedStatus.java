package io.github.clustermaster.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The status the supervisor last published, read by any thread, and the listeners it is
 * published to, on the supervisor's thread: a listener that fails is logged and the
 * others still get the status.
 *
 * @author cluster-master
 */
final class PublishedStatus {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final List<Consumer<ClusterStatus>> listeners = new CopyOnWriteArrayList<>();

	private volatile ClusterStatus latest;

	PublishedStatus(ClusterStatus first) {
		this.latest = first;
	}

	/**
	 * Call a listener with every status published from now on.
	 * @param listener the listener
	 */
	void addListener(Consumer<ClusterStatus> listener) {
		this.listeners.add(listener);
	}

	/**
	 * The status last published.
	 * @return the status
	 */
	ClusterStatus latest() {
		return this.latest;
	}

	/**
	 * Kill the workers of the latest status with SIGKILL: the last resort against orphans
	 * when the supervisor thread is stuck or gone.
	 */
	void destroyWorkers() {
		this.latest.workers().forEach((worker) -> ProcessHandle.of(worker.pid()).ifPresent(ProcessHandle::destroyForcibly));
	}

	/**
	 * Publish a status: it is the latest, and every listener is called with it.
	 * @param status the status
	 * @return the status
	 */
	ClusterStatus publish(ClusterStatus status) {
		this.latest = status;
		for (Consumer<ClusterStatus> listener : this.listeners) {
			try {
				listener.accept(status);
			}
			catch (RuntimeException ex) {
				logger.error("Status listener " + listener + " failed; the supervisor carries on", ex);
			}
		}
		return status;
	}

}
