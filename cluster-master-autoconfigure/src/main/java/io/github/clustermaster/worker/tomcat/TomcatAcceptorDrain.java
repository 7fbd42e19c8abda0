package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.github.clustermaster.worker.WorkerDrain;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Stops a worker's Tomcat from taking connections off the shared accept queue before
 * Spring Boot's graceful shutdown pauses the connector, so that no client is dropped.
 * <p>
 * Pausing a connector wakes its acceptor with a dummy connection to the port
 * ({@code unlockAccept()}). On a queue shared by several workers a sibling may take that
 * dummy; this worker's acceptor then stays in {@code accept()}, takes the next real
 * client and, being paused, closes it unanswered. So before the pause this lifecycle sets
 * the connector's {@code maxConnections} to 0, which makes the acceptor wait on its
 * connection limit after its current {@code accept()} returns; connects to the port until
 * that happens (a sibling serves the connections it takes; this worker serves those it
 * takes before it parks); then answers every further request with
 * {@code Connection: close} ({@code maxKeepAliveRequests=1}), so that a keep-alive client
 * sends its next request on a new connection, which a sibling takes; and waits a little
 * (at most {@code drainTimeout}) for this worker's connections to close. Boot's pause
 * comes only then because a paused Tomcat does not serve a request that reaches it
 * afterwards, even on a connection it accepted before: it closes the connection
 * unanswered, or answers 503 to a request it began to read.
 * <p>
 * Acts only on connectors that use the channel inherited from the master (see
 * {@link InheritedChannelConnectorCustomizer}); a worker with its own port is left alone.
 * A drained connector keeps its limit of 0: a worker is stopped to exit, not to start
 * again.
 *
 * @author cluster-master
 */
public final class TomcatAcceptorDrain extends WorkerDrain {

	private static final Duration POKE_INTERVAL = Duration.ofMillis(50);

	private static final Log logger = LogFactory.getLog(TomcatAcceptorDrain.class);

	private final Supplier<List<Connector>> connectors;

	private final Supplier<@Nullable Channel> inheritedChannel;

	private final Duration acceptorTimeout;

	private final Duration drainTimeout;

	/**
	 * Create a drain for the Tomcat connectors of the given context's web server.
	 * @param context the context whose web server to drain on stop; a context without a
	 * Tomcat web server has nothing to drain
	 */
	public TomcatAcceptorDrain(ApplicationContext context) {
		this(() -> connectors(context), InheritedChannelConnectorCustomizer::systemInheritedChannel,
				Duration.ofSeconds(3), Duration.ofSeconds(2));
	}

	TomcatAcceptorDrain(Supplier<List<Connector>> connectors, Supplier<@Nullable Channel> inheritedChannel,
			Duration acceptorTimeout, Duration drainTimeout) {
		this.connectors = connectors;
		this.inheritedChannel = inheritedChannel;
		this.acceptorTimeout = acceptorTimeout;
		this.drainTimeout = drainTimeout;
	}

	private static List<Connector> connectors(ApplicationContext context) {
		return (context instanceof WebServerApplicationContext webContext
				&& webContext.getWebServer() instanceof TomcatWebServer webServer)
				? List.of(webServer.getTomcat().getService().findConnectors()) : List.of();
	}

	@Override
	protected void drain() {
		for (Connector connector : this.connectors.get()) {
			if (InheritedChannelConnectorCustomizer.usesInheritedChannel(connector)
					&& connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
				try {
					drain(connector, protocol);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not drain " + connector + " before shutdown; a client may be dropped", ex);
				}
			}
		}
	}

	private void drain(Connector connector, AbstractProtocol<?> protocol) {
		if (protocol.getMaxConnections() == -1) {
			// Without a connection limit there is no latch for the acceptor to wait on
			logger.warn("Cannot drain " + connector + " with unlimited maxConnections (-1); a client may be dropped");
			return;
		}
		long start = System.nanoTime();
		protocol.setMaxConnections(0);
		String acceptorName = endpointName(protocol) + "-Acceptor";
		Thread acceptor = findThread(acceptorName);
		int pokes = 0;
		if (acceptor == null) {
			logger.warn("No thread named " + acceptorName + " to wait for; a client may be dropped");
		}
		else {
			pokes = parkAcceptor(acceptor, pokeAddress(connector));
		}
		long parked = System.nanoTime();
		if (protocol instanceof AbstractHttp11Protocol<?> http) {
			// Read for each request: the next one on every connection is its last
			http.setMaxKeepAliveRequests(1);
		}
		long openConnections = awaitNoConnections(protocol);
		if (logger.isDebugEnabled()) {
			logger.debug("Drained " + connector + ": acceptor " + ((acceptor != null) ? acceptor.getState() : "absent")
					+ " after " + pokes + " poke(s) in " + millis(parked - start) + " ms, then "
					+ ((openConnections > 0) ? openConnections + " connection(s) still open" : "no connections open")
					+ " after " + millis(System.nanoTime() - parked) + " ms");
		}
	}

	/** Tomcat names its threads after the endpoint, which is the protocol's name unquoted. */
	private static String endpointName(AbstractProtocol<?> protocol) {
		String quoted = protocol.getName();
		return quoted.startsWith("\"") ? quoted.substring(1, quoted.length() - 1) : quoted;
	}

	private static @Nullable Thread findThread(String name) {
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals(name)) {
				return thread;
			}
		}
		return null;
	}

	/**
	 * Connect to the shared port until the acceptor waits on its connection limit, each
	 * connection returning it from {@code accept()} if it lands on this worker.
	 */
	private int parkAcceptor(Thread acceptor, SocketAddress address) {
		long deadline = System.nanoTime() + this.acceptorTimeout.toNanos();
		int pokes = 0;
		while (!isParked(acceptor)) {
			if (System.nanoTime() - deadline > 0) {
				logger.warn("Acceptor " + acceptor.getName() + " still " + acceptor.getState() + " after " + pokes
						+ " poke(s) in " + this.acceptorTimeout.toMillis() + " ms; a client may be dropped");
				break;
			}
			poke(address);
			pokes++;
			long pokeDeadline = System.nanoTime() + POKE_INTERVAL.toNanos();
			while (!isParked(acceptor) && System.nanoTime() - pokeDeadline < 0) {
				if (!sleep(1)) {
					return pokes;
				}
			}
		}
		return pokes;
	}

	private static boolean isParked(Thread acceptor) {
		Thread.State state = acceptor.getState();
		return state == Thread.State.WAITING || state == Thread.State.TERMINATED;
	}

	private static void poke(SocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 500);
		}
		catch (IOException ex) {
			logger.debug("Could not connect to " + address + " to wake the acceptor", ex);
		}
	}

	private SocketAddress pokeAddress(Connector connector) {
		try {
			if (this.inheritedChannel.get() instanceof ServerSocketChannel channel
					&& channel.getLocalAddress() instanceof InetSocketAddress local
					&& !local.getAddress().isAnyLocalAddress()) {
				return local;
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not read the address of the inherited channel; connecting to loopback", ex);
		}
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), connector.getLocalPort());
	}

	private long awaitNoConnections(AbstractProtocol<?> protocol) {
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		long open = protocol.getConnectionCount();
		while (open > 0 && System.nanoTime() - deadline < 0 && sleep(10)) {
			open = protocol.getConnectionCount();
		}
		return open;
	}

	private static boolean sleep(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

}
