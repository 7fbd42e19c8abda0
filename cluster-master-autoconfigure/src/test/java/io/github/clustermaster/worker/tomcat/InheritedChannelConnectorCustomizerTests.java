package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InheritedChannelConnectorCustomizer}.
 *
 * @author cluster-master
 */
class InheritedChannelConnectorCustomizerTests {

	@Test
	void usesTheInheritedChannelWhenItIsAServerSocketChannel() throws IOException {
		try (ServerSocketChannel inherited = ServerSocketChannel.open()) {
			Connector connector = new Connector();
			new InheritedChannelConnectorCustomizer(() -> inherited).customize(connector);
			assertThat(connector.getProperty("useInheritedChannel")).isEqualTo("true");
			assertThat(InheritedChannelConnectorCustomizer.usesInheritedChannel(connector)).isTrue();
		}
	}

	@Test
	void bindsItsOwnPortWithoutAnInheritedChannel() {
		Connector connector = new Connector();
		new InheritedChannelConnectorCustomizer(() -> null).customize(connector);
		assertThat(connector.getProperty("useInheritedChannel")).isNull();
		assertThat(InheritedChannelConnectorCustomizer.usesInheritedChannel(connector)).isFalse();
	}

	@Test
	void bindsItsOwnPortWhenTheInheritedChannelIsNotAServerSocketChannel() throws IOException {
		try (SocketChannel inherited = SocketChannel.open()) {
			Connector connector = new Connector();
			new InheritedChannelConnectorCustomizer(() -> inherited).customize(connector);
			assertThat(connector.getProperty("useInheritedChannel")).isNull();
		}
	}

	@Test
	void bindsItsOwnPortWhenStartedByHand() {
		// Under the test runner stdin is a pipe or a terminal, never a listening socket
		Channel inherited = InheritedChannelConnectorCustomizer.systemInheritedChannel();
		Connector connector = new Connector();
		new InheritedChannelConnectorCustomizer().customize(connector);
		assertThat(inherited instanceof ServerSocketChannel).as("stdin is a listening socket").isFalse();
		assertThat(connector.getProperty("useInheritedChannel")).isNull();
	}

}
