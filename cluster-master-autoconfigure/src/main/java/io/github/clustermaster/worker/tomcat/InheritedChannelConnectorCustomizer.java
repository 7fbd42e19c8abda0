package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * {@link TomcatConnectorCustomizer} that makes the connector accept on the listening
 * socket the worker inherited from the master as its stdin, instead of binding
 * {@code server.port}.
 * <p>
 * Only applies when {@link System#inheritedChannel()} is a {@link ServerSocketChannel}:
 * a worker started by hand binds its port as usual, where Tomcat would otherwise fail
 * with "No inherited channel". Tomcat then ignores {@code port} and {@code acceptCount}
 * and never closes the inherited socket, which the master and the other workers share.
 *
 * @author cluster-master
 */
public final class InheritedChannelConnectorCustomizer implements TomcatConnectorCustomizer {

	static final String USE_INHERITED_CHANNEL = "useInheritedChannel";

	/** What Tomcat's {@code NioEndpoint#getId()} answers when it uses the inherited channel. */
	private static final String INHERITED_CHANNEL_ID = "JVMInheritedChannel";

	private static final Log logger = LogFactory.getLog(InheritedChannelConnectorCustomizer.class);

	private final Supplier<@Nullable Channel> inheritedChannel;

	/**
	 * Create a customizer that looks at {@link System#inheritedChannel()}.
	 */
	public InheritedChannelConnectorCustomizer() {
		this(InheritedChannelConnectorCustomizer::systemInheritedChannel);
	}

	InheritedChannelConnectorCustomizer(Supplier<@Nullable Channel> inheritedChannel) {
		this.inheritedChannel = inheritedChannel;
	}

	@Override
	public void customize(Connector connector) {
		if (!(this.inheritedChannel.get() instanceof ServerSocketChannel)) {
			return;
		}
		if (connector.setProperty(USE_INHERITED_CHANNEL, "true")) {
			logger.debug("Connector " + connector + " accepts on the server socket inherited from the master");
		}
		else {
			logger.warn("Connector " + connector + " with protocol " + connector.getProtocolHandlerClassName()
					+ " cannot use the server socket inherited from the master (only the NIO protocol can); "
					+ "it binds its own port instead");
		}
	}

	/**
	 * Return whether the connector's endpoint really accepts on the inherited channel.
	 * The property alone could lie: a protocol without the setting keeps it as an
	 * attribute and binds its port.
	 */
	static boolean usesInheritedChannel(Connector connector) {
		return INHERITED_CHANNEL_ID.equals(connector.getProtocolHandler().getId());
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
