package io.github.clustermaster.worker.tomcat;

import java.net.InetAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import io.github.clustermaster.worker.WorkerWarmup;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Gives a worker that warms up first ({@code cluster.master.warmup.*}) a second Tomcat
 * connector, private: bound to the loopback address on an ephemeral port, in the same
 * service and engine as the shared one, so its requests run the application's whole
 * chain (filters, Spring Security, the dispatcher servlet, the controllers). The shared
 * connector meanwhile starts with no connection allowed, as a hot spare's does
 * ({@link TomcatSpareHold}, through the worker's {@code SpareGate}). Once warmed up, the
 * private connector is removed from the service, stopped and destroyed, which closes its
 * port, and only then is the shared one opened.
 * <p>
 * Acts only in a worker that serves the socket inherited from the master; one started by
 * hand binds its port as usual and does not warm up.
 *
 * @author cluster-master
 */
public final class TomcatWarmupConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final Log logger = LogFactory.getLog(TomcatWarmupConnector.class);

	private final ObjectProvider<WorkerWarmup> warmup;

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create the customizer for the worker's warm-up, if it has one.
	 * @param warmup the worker's warm-up
	 */
	public TomcatWarmupConnector(ObjectProvider<WorkerWarmup> warmup) {
		this(warmup, InheritedChannelConnectorCustomizer::systemInheritedChannel);
	}

	TomcatWarmupConnector(ObjectProvider<WorkerWarmup> warmup, Supplier<@Nullable Channel> inheritedChannel) {
		this.warmup = warmup;
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		WorkerWarmup warmup = this.warmup.getIfAvailable();
		if (warmup == null || !warmup.isEnabled() || !(this.inheritedChannel.get() instanceof ServerSocketChannel)) {
			return;
		}
		Connector connector = privateConnector();
		factory.addAdditionalConnectors(connector);
		warmup.listenOn(new PrivateConnector(connector));
	}

	static Connector privateConnector() {
		Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
		connector.setThrowOnFailure(true);
		connector.setPort(0);
		connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
		// Bound when it starts, unbound when it stops: nothing listens before or after
		connector.setProperty("bindOnInit", "false");
		connector.setProperty("minSpareThreads", "1");
		return connector;
	}

	/** The private connector as the warm-up sees it. */
	record PrivateConnector(Connector connector) implements WorkerWarmup.PrivatePort {

		@Override
		public int localPort() {
			return (this.connector.getState() == LifecycleState.STARTED) ? this.connector.getLocalPort() : -1;
		}

		@Override
		public void close() {
			Service service = this.connector.getService();
			if (service != null) {
				// Stops the connector: its port is closed (bindOnInit=false)
				service.removeConnector(this.connector);
			}
			try {
				if (this.connector.getState() != LifecycleState.DESTROYED) {
					this.connector.destroy();
				}
			}
			catch (LifecycleException ex) {
				logger.debug("Could not destroy the warm-up connector " + this.connector, ex);
			}
		}

	}

}
