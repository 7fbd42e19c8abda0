package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import io.github.clustermaster.worker.RawHttp;
import io.github.clustermaster.worker.SpareGate;
import io.github.clustermaster.worker.SpareGates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TomcatSpareHold} on a real Tomcat: a held connector starts, yet takes
 * no connection until the gate opens; then it serves with its configured limit.
 *
 * @author cluster-master
 */
class TomcatSpareHoldTests {

	@TempDir
	java.nio.file.Path baseDir;

	private Tomcat tomcat;

	@AfterEach
	void stop() throws Exception {
		if (this.tomcat != null) {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
	}

	@Test
	void aHeldConnectorTakesNoConnectionUntilPromotedThenServesWithItsLimit() throws Exception {
		SpareGate gate = SpareGates.of(true);
		Connector connector = start(gate, 100);
		int port = connector.getLocalPort();
		// Accepted by the kernel (backlog), never by Tomcat: no answer
		try (Socket early = new Socket()) {
			early.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			early.setSoTimeout(1000);
			RawHttp.send(early);
			boolean answered;
			try {
				answered = early.getInputStream().read() != -1;
			}
			catch (SocketTimeoutException ex) {
				answered = false;
			}
			assertThat(answered).as("a held spare answers nothing").isFalse();
			SpareGates.promote(gate, 0);
			// The connection that waited in the backlog is now accepted and answered
			early.setSoTimeout(10_000);
			assertThat(RawHttp.read(early.getInputStream())).startsWith("HTTP/1.1 200").endsWith("spare");
		}
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
		assertThat(protocol.getMaxConnections()).isEqualTo(100);
		for (int i = 0; i < 5; i++) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				socket.setSoTimeout(10_000);
				RawHttp.send(socket);
				assertThat(RawHttp.read(socket.getInputStream())).startsWith("HTTP/1.1 200");
			}
		}
		assertThat(protocol.getConnectionCount()).as("counted exactly: the acceptor's own slot at most")
			.isBetween(0L, 1L);
	}

	@Test
	void aSparePromotedBeforeItsConnectorStartsAcceptsOnceStarted() throws Exception {
		SpareGate gate = SpareGates.of(true);
		SpareGates.promote(gate, 0);
		Connector connector = start(gate, 100);
		assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections()).isEqualTo(100);
		try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
			socket.setSoTimeout(10_000);
			RawHttp.send(socket);
			assertThat(RawHttp.read(socket.getInputStream())).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void aConnectorOfAWorkerThatIsNoSpareIsLeftAlone() {
		Connector connector = new Connector();
		new TomcatSpareHold(new org.springframework.beans.factory.support.StaticListableBeanFactory()
			.getBeanProvider(io.github.clustermaster.worker.WorkerSession.class)).customize(connector);
		assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections()).isNotZero();
	}

	private Connector start(SpareGate gate, int maxConnections) throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(this.baseDir.toString());
		Connector connector = new Connector();
		connector.setPort(0);
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
		protocol.setMaxConnections(1);
		protocol.setAddress(java.net.InetAddress.getLoopbackAddress());
		TomcatSpareHold.hold(gate, connector, protocol);
		// As Boot's server.tomcat.max-connections does, with a connector customizer that
		// may run after the hold's
		protocol.setMaxConnections(maxConnections);
		this.tomcat.setConnector(connector);
		Context context = this.tomcat.addContext("", this.baseDir.toString());
		Tomcat.addServlet(context, "spare", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write("spare");
			}
		});
		context.addServletMappingDecoded("/", "spare");
		this.tomcat.start();
		return connector;
	}

}
