package io.github.clustermaster.worker.tomcat;

import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.clustermaster.worker.SpareGate;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Holds a hot spare's Tomcat back from the shared socket until the master promotes it
 * (see {@link SpareGate}), and a worker's while it warms up before traffic
 * ({@code cluster.master.warmup.*}, see {@code WorkerWarmup}).
 * <p>
 * Just before the connector starts (its {@code before_start} lifecycle event, so after
 * every connector customizer: Boot sets {@code server.tomcat.max-connections} with one,
 * which may run after this one), its {@code maxConnections} is remembered and set to 0:
 * the acceptor, once started, waits on its connection limit before its first
 * {@code accept()}, so the spare takes no connection off the shared queue, yet its web
 * server starts and the application becomes ready as usual. On promotion the connector
 * is paused, which releases the acceptor from the limit into Tomcat's pause loop and
 * drops the old limit (the acceptor being between states, Tomcat's
 * {@code unlockAccept()} may make one dummy connection to the port, which a sibling
 * accepts and sees closed), given its configured limit again (a new, empty one: the
 * spare has no connection to count), and resumed: the acceptor counts up on the new
 * limit and accepts. A limit of -1 (unlimited) is restored as -1.
 * <p>
 * Acts only on connectors that accept on the socket inherited from the master (a worker
 * started by hand is never a spare).
 *
 * @author cluster-master
 */
public final class TomcatSpareHold implements TomcatConnectorCustomizer {

	private static final Log logger = LogFactory.getLog(TomcatSpareHold.class);

	/** No limit remembered: the connector had not started when the spare was promoted. */
	private static final int NOT_HELD = Integer.MIN_VALUE;

	private final ObjectProvider<WorkerSession> session;

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create the hold for the worker's session, if it has one.
	 * @param session the worker's session with its master
	 */
	public TomcatSpareHold(ObjectProvider<WorkerSession> session) {
		this(session, InheritedChannelConnectorCustomizer::systemInheritedChannel);
	}

	TomcatSpareHold(ObjectProvider<WorkerSession> session, Supplier<@Nullable Channel> inheritedChannel) {
		this.session = session;
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public void customize(Connector connector) {
		WorkerSession session = this.session.getIfAvailable();
		if (session == null || !session.spare().isHeld()
				|| !(this.inheritedChannel.get() instanceof ServerSocketChannel)
				|| !(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
			return;
		}
		hold(session.spare(), connector, protocol);
	}

	static void hold(SpareGate gate, Connector connector, AbstractProtocol<?> protocol) {
		AtomicInteger configured = new AtomicInteger(NOT_HELD);
		connector.addLifecycleListener((event) -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				gate.ifHeld(() -> {
					configured.compareAndSet(NOT_HELD, protocol.getMaxConnections());
					protocol.setMaxConnections(0);
					logger.debug("Connector " + connector + " starts without accepting (maxConnections 0, configured "
							+ configured.get() + ") until this hot spare is promoted");
				});
			}
		});
		gate.hold("Tomcat connector " + connector, () -> {
			int limit = configured.get();
			if (limit != NOT_HELD) {
				open(protocol, limit);
			}
		});
	}

	static void open(AbstractProtocol<?> protocol, int maxConnections) {
		try {
			protocol.pause();
			protocol.setMaxConnections(maxConnections);
			protocol.resume();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start accepting on " + protocol.getName(), ex);
		}
	}

}
