package io.github.clustermaster.testsupport;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FreePort}.
 *
 * @author cluster-master
 */
class FreePortTests {

	@Test
	void findReturnsAPortThatCanBeBoundOnLoopback() throws Exception {
		int port = FreePort.find();
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void findNeverReturnsTheSamePortTwice() {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			assertThat(ports.add(FreePort.find())).isTrue();
		}
	}

	@Test
	void loopbackIsIpv4() {
		assertThat(FreePort.LOOPBACK.getHostAddress()).isEqualTo("127.0.0.1");
	}

}
