package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TrainingRunListener}: the ports a training run binds and its request
 * (the sample's {@code DeployIT} checks a real training run's log).
 *
 * @author cluster-master
 */
class TrainingRunListenerTests {

	@Test
	void aTrainingRunBindsAFreeLoopbackPortNeverTheApplicationsOne() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8080");
		assertThat(TrainingRunListener.ports(environment))
			.containsExactlyInAnyOrderEntriesOf(Map.of("server.port", 0, "server.address", "127.0.0.1"));
	}

	@Test
	void aManagementServerOnAPortOfItsOwnMovesToAFreeLoopbackPortToo() {
		MockEnvironment same = new MockEnvironment().withProperty("server.port", "8080")
			.withProperty("management.server.port", "8080");
		assertThat(TrainingRunListener.ports(same)).containsEntry("management.server.port", 0)
			.containsEntry("management.server.address", "127.0.0.1");
		MockEnvironment off = new MockEnvironment().withProperty("management.server.port", "-1");
		assertThat(TrainingRunListener.ports(off)).doesNotContainKey("management.server.port");
	}

	@Test
	void theRequestIsAGetOfTheRootOverLoopbackAndReadsTheAnswersStatusLine() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicReference<String> seen = new AtomicReference<>();
		server.createContext("/", (exchange) -> {
			seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
			byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(404, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		try {
			assertThat(TrainingRunListener.request(server.getAddress().getPort())).isEqualTo("HTTP/1.1 404 Not Found");
			assertThat(seen).hasValue("GET /");
		}
		finally {
			server.stop(0);
		}
	}

}
