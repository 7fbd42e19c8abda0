package io.github.clustermaster.testsupport;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Http}.
 *
 * @author cluster-master
 */
class HttpTests {

	@Test
	void getReturnsTheStatusAndBody() throws Exception {
		try (FakeWorkers server = new FakeWorkers(4242L)) {
			HttpResult result = Http.get(server.port(), "/");
			assertThat(result.isOk()).isTrue();
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.body()).isEqualTo("4242 1\n");
			assertThat(result.failure()).isNull();
		}
	}

	@Test
	void getUsesANewConnectionForEveryRequest() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L)) {
			for (int i = 0; i < 5; i++) {
				assertThat(Http.get(server.port(), "/").isOk()).isTrue();
			}
			assertThat(server.clientPorts()).hasSize(5);
		}
	}

	@Test
	void aConnectionCarriesOneRequestAfterAnother() throws Exception {
		try (FakeWorkers server = new FakeWorkers(5L); HttpConnection connection = new HttpConnection(server.port())) {
			for (int i = 0; i < 3; i++) {
				assertThat(connection.get("/", false)).isEqualTo(HttpResult.of(200, "5 1\n"));
				assertThat(connection.isReusable()).isTrue();
			}
			assertThat(connection.get("/chunked", true).body()).isEqualTo("chunked ".repeat(1000).strip());
			assertThat(connection.isReusable()).isFalse();
			assertThat(server.clientPorts()).hasSize(1);
		}
	}

	@Test
	void getDecodesAChunkedBody() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L)) {
			HttpResult result = Http.get(server.port(), "/chunked");
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.body()).isEqualTo("chunked ".repeat(1000).strip());
		}
	}

	@Test
	void getReturnsAnErrorStatusAsAResultThatIsNotOk() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L)) {
			HttpResult result = Http.get(server.port(), "/fail");
			assertThat(result.isOk()).isFalse();
			assertThat(result.status()).isEqualTo(503);
			assertThat(result.describe()).isEqualTo("HTTP 503 unavailable");
		}
	}

	@Test
	void getReturnsTheExceptionWhenNothingListens() {
		HttpResult result = Http.get(FreePort.find(), "/");
		assertThat(result.isOk()).isFalse();
		assertThat(result.status()).isEqualTo(-1);
		assertThat(result.failure()).isInstanceOf(ConnectException.class);
		assertThat(result.describe()).startsWith("ConnectException");
	}

	@Test
	void pidOfReadsTheFirstWord() {
		assertThat(Http.pidOf("12345 2\n")).isEqualTo(12345L);
		assertThat(Http.pidOf("  77\tworker-3")).isEqualTo(77L);
		assertThatIllegalArgumentException().isThrownBy(() -> Http.pidOf("Whitelabel Error Page"))
			.withMessageContaining("Whitelabel");
		assertThatIllegalArgumentException().isThrownBy(() -> Http.pidOf(""));
		assertThat(Http.pidOf("hello from pid=4711")).isEqualTo(4711L);
	}

	@Test
	void awaitDistinctPidsReturnsOnceEnoughWorkersAnswered() throws Exception {
		try (FakeWorkers server = new FakeWorkers(11L, 22L, 33L)) {
			assertThat(Http.awaitDistinctPids(server.port(), 3, Duration.ofSeconds(10))).containsExactlyInAnyOrder(11L,
					22L, 33L);
		}
	}

	@Test
	void awaitDistinctPidsFailsNamingThePidsSeen() throws Exception {
		try (FakeWorkers server = new FakeWorkers(11L, 22L)) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> Http.awaitDistinctPids(server.port(), 3, Duration.ofMillis(500)))
				.withMessageContaining("Expected 3 distinct worker pids")
				.withMessageContaining("[11, 22]");
		}
	}

	@Test
	void awaitDistinctPidsFailsWithTheLastFailureWhenNothingAnswers() {
		int port = FreePort.find();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Http.awaitDistinctPids(port, 1, Duration.ofMillis(500)))
			.withMessageContaining("ConnectException");
	}

}
