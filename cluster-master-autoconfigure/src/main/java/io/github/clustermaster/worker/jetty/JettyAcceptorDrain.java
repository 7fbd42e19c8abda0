package io.github.clustermaster.worker.jetty;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.clustermaster.worker.WorkerDrain;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Stops a worker's Jetty from taking connections before Spring Boot's graceful shutdown,
 * then waits until every connection it took has brought its first request.
 * <p>
 * Boot's graceful shutdown waits for active requests only: a connection accepted a
 * moment earlier whose request has not arrived yet counts as idle and is closed, and its
 * client, which did nothing wrong, sees the connection reset. So before the graceful
 * shutdown this lifecycle stops the connectors from accepting (the connections waiting
 * on the port are left to the other workers) and waits, at most {@code drainTimeout},
 * until no connection is without a request.
 *
 * @author cluster-master
 */
public final class JettyAcceptorDrain extends WorkerDrain {

	private static final Log logger = LogFactory.getLog(JettyAcceptorDrain.class);

	private final Supplier<List<Connector>> connectors;

	private final Duration drainTimeout;

	/**
	 * Create a drain for the connectors of the given context's Jetty web server.
	 * @param context the context; one without a Jetty web server has nothing to drain
	 */
	public JettyAcceptorDrain(ApplicationContext context) {
		this(() -> connectors(context), Duration.ofSeconds(2));
	}

	JettyAcceptorDrain(Supplier<List<Connector>> connectors, Duration drainTimeout) {
		this.connectors = connectors;
		this.drainTimeout = drainTimeout;
	}

	private static List<Connector> connectors(ApplicationContext context) {
		return (context instanceof WebServerApplicationContext webContext
				&& webContext.getWebServer() instanceof JettyWebServer webServer)
				? List.of(webServer.getServer().getConnectors()) : List.of();
	}

	@Override
	protected void drain() {
		List<Connector> all = this.connectors.get();
		long start = System.nanoTime();
		for (Connector connector : all) {
			if (connector instanceof ServerConnector serverConnector) {
				try {
					stopAccepting(serverConnector);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not stop " + connector + " from accepting; a client may be dropped", ex);
				}
			}
		}
		long waiting = awaitFirstRequests(all);
		if (waiting > 0) {
			logger.warn(waiting + " connection(s) still without a request " + this.drainTimeout.toMillis()
					+ " ms after this worker stopped accepting; they may be closed unanswered");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Stopped accepting and every accepted connection has its request after "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
		}
	}

	/**
	 * Stop a connector from taking connections, leaving those it has not taken to the
	 * other workers.
	 * <p>
	 * On the inherited socket, accepting on a selector ({@code acceptors=0}, the workers'
	 * default), this only takes the socket off the selector: it stays open, as it must,
	 * because closing the channel the JDK made from stdin also points the worker's stdout
	 * and stderr at {@code /dev/null}, and the rest of the shutdown would not be logged.
	 * Otherwise (acceptor threads blocked in {@code accept}, or a socket of this worker's
	 * own under {@code SO_REUSEPORT}, which must leave the port's group) it closes the
	 * listening channel.
	 */
	private static void stopAccepting(ServerConnector connector) {
		connector.setAccepting(false);
		if (connector.isInheritChannel() && connector.getAcceptors() == 0) {
			awaitSelectors(connector);
		}
		else {
			connector.close();
		}
	}

	/**
	 * Wait until the connector's selectors have run what was submitted to them so far, the
	 * removal of the accepting key among it.
	 */
	private static void awaitSelectors(ServerConnector connector) {
		Collection<ManagedSelector> selectors = connector.getSelectorManager().getBeans(ManagedSelector.class);
		CountDownLatch done = new CountDownLatch(selectors.size());
		selectors.forEach((selector) -> selector.submit((ignored) -> done.countDown()));
		try {
			if (!done.await(1, TimeUnit.SECONDS)) {
				logger.warn("The selectors of " + connector + " did not confirm within 1 s that it stopped accepting");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long awaitFirstRequests(List<Connector> all) {
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		long waiting = withoutRequest(all);
		while (waiting > 0 && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			waiting = withoutRequest(all);
		}
		return waiting;
	}

	/** Connections open that have not received a byte yet. */
	static long withoutRequest(List<Connector> all) {
		long count = 0;
		for (Connector connector : all) {
			for (EndPoint endPoint : connector.getConnectedEndPoints()) {
				Connection connection = endPoint.getConnection();
				if (endPoint.isOpen() && connection != null && connection.getBytesIn() == 0) {
					count++;
				}
			}
		}
		return count;
	}

}
