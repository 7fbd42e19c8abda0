package io.github.clustermaster.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where the parts of the master report their {@link MasterEvent events}: each is logged by
 * {@link MasterLog}, then given to every listener. Events come from many threads (the
 * master's start, the upgrade's, the REPL's, the archives' builder): a listener must be
 * quick, must not block and must be thread-safe. A listener that fails is logged and the
 * others still get the event.
 *
 * @author cluster-master
 */
public final class MasterEvents implements Consumer<MasterEvent> {

	private static final Log logger = LogFactory.getLog(MasterEvents.class);

	private final List<Consumer<MasterEvent>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Give every event from now on to a listener too.
	 * @param listener the listener
	 */
	public void addListener(Consumer<MasterEvent> listener) {
		this.listeners.add(listener);
	}

	@Override
	public void accept(MasterEvent event) {
		MasterLog.log(event);
		for (Consumer<MasterEvent> listener : this.listeners) {
			try {
				listener.accept(event);
			}
			catch (RuntimeException ex) {
				logger.error("Event listener " + listener + " failed on " + event.event() + "; the master carries on",
						ex);
			}
		}
	}

}
