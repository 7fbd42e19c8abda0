package io.github.clustermaster.testsupport;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CookieClient}.
 *
 * @author cluster-master
 */
class CookieClientTests {

	@Test
	void theCookiesTheServerSetAreSentBackAndGivenAsOneHeader() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(FreePort.LOOPBACK, 0), 10);
		server.createContext("/", (exchange) -> {
			received.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
			exchange.getResponseHeaders().add("Set-Cookie", "SESSION=abc; Path=/; HttpOnly");
			exchange.getResponseHeaders().add("Set-Cookie", "theme=dark");
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		try {
			CookieClient client = new CookieClient(server.getAddress().getPort());
			assertThat(client.cookieHeader()).isEmpty();
			assertThat(client.get("/").status()).isEqualTo(200);
			assertThat(client.post("/", Map.of("a", "b")).status()).isEqualTo(200);
			assertThat(received).containsExactly("null", "SESSION=abc; theme=dark");
			assertThat(client.cookieHeader()).isEqualTo("SESSION=abc; theme=dark");
			assertThat(client.cookie("SESSION")).isEqualTo("abc");
		}
		finally {
			server.stop(0);
		}
	}

}
