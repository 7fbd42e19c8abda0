package io.github.clustermaster.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where the supervisor and its helpers report their {@link SupervisorEvent events}: each
 * is logged by {@link SupervisorLog}, then given to every listener. Events come from the
 * supervisor's thread, and a refused restart's from the thread that prepared its release:
 * a listener must be quick, must not block and must be thread-safe. A listener that fails
 * is logged and the others still get the event.
 *
 * @author cluster-master
 */
final class EventListeners implements Consumer<SupervisorEvent> {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final List<Consumer<SupervisorEvent>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Give every event from now on to a listener too.
	 * @param listener the listener
	 */
	void add(Consumer<SupervisorEvent> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void accept(SupervisorEvent event) {
		SupervisorLog.log(event);
		for (Consumer<SupervisorEvent> listener : this.listeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.error("Event listener " + listener + " failed on " + event.event() + "; the supervisor carries on",
						ex);
			}
		}
	}

}
