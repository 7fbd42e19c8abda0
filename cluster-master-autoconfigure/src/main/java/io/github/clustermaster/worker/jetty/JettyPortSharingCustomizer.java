package io.github.clustermaster.worker.jetty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * {@link JettyServerCustomizer} that makes a worker's connectors share the port with the
 * other workers: when the worker's stdin is a listening socket (the master's, see
 * {@link System#inheritedChannel()}) they accept on it and bind nothing; otherwise they
 * bind {@code server.port} with {@code SO_REUSEPORT}, next to the other workers.
 * <p>
 * Applied to every {@link ServerConnector}, also the one Boot creates for
 * {@code server.ssl.*}: TLS is per accepted connection, the listening socket is the same.
 *
 * @author cluster-master
 */
public final class JettyPortSharingCustomizer implements JettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(JettyPortSharingCustomizer.class);

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create a customizer that looks at {@link System#inheritedChannel()}.
	 */
	public JettyPortSharingCustomizer() {
		this(JettyPortSharingCustomizer::systemInheritedChannel);
	}

	JettyPortSharingCustomizer(Supplier<@Nullable Channel> inheritedChannel) {
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public void customize(Server server) {
		boolean inherit = this.inheritedChannel.get() instanceof ServerSocketChannel;
		for (Connector connector : server.getConnectors()) {
			if (connector instanceof ServerConnector serverConnector) {
				if (inherit) {
					serverConnector.setInheritChannel(true);
					if (serverConnector.getAcceptors() > 0) {
						logger.warn("Connector " + connector + " accepts on the socket inherited from the master with "
								+ serverConnector.getAcceptors() + " acceptor thread(s): to stop them, stopping this "
								+ "worker closes that socket, and the JDK then sends this worker's stdout and stderr "
								+ "to /dev/null. Leave server.jetty.threads.acceptors at 0, the workers' default");
					}
				}
				else {
					serverConnector.setReusePort(true);
				}
				logger.debug("Connector " + connector + (inherit ? " accepts on the socket inherited from the master"
						: " binds its port with SO_REUSEPORT"));
			}
		}
	}

	static @Nullable Channel systemInheritedChannel() {
		try {
			return System.inheritedChannel();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot look at the channel inherited from the master as stdin", ex);
		}
	}

}
