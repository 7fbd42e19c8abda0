package io.github.clustermaster.worker.tomcat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupResult;
import io.github.clustermaster.worker.RawHttp;
import io.github.clustermaster.worker.RequestStats;
import io.github.clustermaster.worker.SpareGate;
import io.github.clustermaster.worker.SpareGates;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.WorkerWarmups;
import io.github.clustermaster.worker.servlet.RequestCountingFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TomcatWarmupConnector} and {@link WorkerWarmup} on a real Tomcat: the
 * warm-up is served by a private loopback connector while the shared one takes no
 * connection; then the private port is closed, the shared one serves, and only its
 * requests are counted.
 *
 * @author cluster-master
 */
class TomcatWarmupConnectorTests {

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
	void theWarmUpIsServedPrivatelyAndUncountedBeforeTheSharedConnectorAccepts() throws Exception {
		SpareGate gate = SpareGates.of(false);
		WorkerWarmup warmup = WorkerWarmups.of(1, WarmupPlan.count(List.of("/", "/x"), 40, 2, Duration.ofSeconds(30)),
				gate);
		RequestStats stats = new RequestStats();
		Connector shared = start(gate, warmup, stats);
		int sharedPort = shared.getLocalPort();
		Connector[] connectors = this.tomcat.getService().findConnectors();
		assertThat(connectors).hasSize(2);
		int privatePort = connectors[1].getLocalPort();
		assertThat(privatePort).isPositive().isNotEqualTo(sharedPort);
		assertThat(((AbstractProtocol<?>) connectors[1].getProtocolHandler()).getAddress().isLoopbackAddress()).isTrue();
		try (Socket early = new Socket()) {
			early.connect(new InetSocketAddress("127.0.0.1", sharedPort), 2000);
			early.setSoTimeout(1000);
			RawHttp.send(early);
			assertThat(RawHttp.answers(early)).as("the shared connector answers nothing before the warm-up").isFalse();
			warmup.run();
			WarmupResult result = warmup.result();
			assertThat(result).isNotNull();
			assertThat(result.timedOut()).isFalse();
			assertThat(result.answered(2)).isEqualTo(40);
			early.setSoTimeout(10_000);
			assertThat(RawHttp.read(early.getInputStream())).startsWith("HTTP/1.1 200").endsWith("port " + sharedPort);
		}
		assertThat(stats.served()).as("of the 41 requests served, only the shared connector's is counted")
			.isEqualTo(1);
		assertThat(this.tomcat.getService().findConnectors()).containsExactly(shared);
		assertThatExceptionOfType(ConnectException.class).as("the private port is closed")
			.isThrownBy(() -> new Socket("127.0.0.1", privatePort).close());
	}

	private Connector start(SpareGate gate, WorkerWarmup warmup, RequestStats stats) throws Exception {
		this.tomcat = new Tomcat();
		this.tomcat.setBaseDir(this.baseDir.toString());
		Connector connector = new Connector();
		connector.setPort(0);
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
		protocol.setAddress(java.net.InetAddress.getLoopbackAddress());
		protocol.setMaxConnections(100);
		assertThat(gate.isHeld()).isTrue();
		TomcatSpareHold.hold(gate, connector, protocol);
		this.tomcat.setConnector(connector);
		Connector privateConnector = TomcatWarmupConnector.privateConnector();
		this.tomcat.getService().addConnector(privateConnector);
		warmup.listenOn(new TomcatWarmupConnector.PrivateConnector(privateConnector));
		Context context = this.tomcat.addContext("", this.baseDir.toString());
		FilterDef filter = new FilterDef();
		filter.setFilterName("count");
		filter.setFilter(new RequestCountingFilter(stats, warmup::isWarmupPort));
		context.addFilterDef(filter);
		FilterMap map = new FilterMap();
		map.setFilterName("count");
		map.addURLPattern("/*");
		context.addFilterMap(map);
		Tomcat.addServlet(context, "app", new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write("port " + request.getLocalPort());
			}
		});
		context.addServletMappingDecoded("/", "app");
		this.tomcat.start();
		return connector;
	}

}
