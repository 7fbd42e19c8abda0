package io.github.clustermaster.testsupport;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpResponseReader}.
 *
 * @author cluster-master
 */
class HttpResponseReaderTests {

	@Test
	void readStopsAtContentLengthWithoutWaitingForTheServerToClose() throws Exception {
		HttpResult result = HttpResponseReader
			.read(thenNoMore("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Type: text/plain\r\n\r\n4242 1\n"));
		assertThat(result).isEqualTo(HttpResult.of(200, "4242 1\n"));
	}

	@Test
	void readStopsAtTheLastChunkWithoutWaitingForTheServerToClose() throws Exception {
		HttpResult result = HttpResponseReader
			.read(thenNoMore("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n4242 \r\n2\r\n1\n\r\n0\r\n\r\n"));
		assertThat(result).isEqualTo(HttpResult.of(200, "4242 1\n"));
	}

	@Test
	void readTakesTheBodyUpToTheEndOfTheConnectionWithoutLength() throws Exception {
		HttpResult result = HttpResponseReader.read(stream("HTTP/1.0 200 OK\r\n\r\n4242 1"));
		assertThat(result).isEqualTo(HttpResult.of(200, "4242 1"));
	}

	@Test
	void readFailsOnABodyCutShort() {
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> HttpResponseReader.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n4242")))
			.withMessage("Connection closed after 4 of 10 body bytes (HTTP 200)");
	}

	@Test
	void readFailsOnAChunkedBodyCutShort() {
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> HttpResponseReader.read(stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n42")))
			.withMessageContaining("inside a chunk");
	}

	@Test
	void readFailsOnAConnectionClosedBeforeTheHeadersEnd() {
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> HttpResponseReader.read(stream("HTTP/1.1 200 OK\r\n")))
			.withMessageContaining("before the end of the headers");
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> HttpResponseReader.read(stream("")));
	}

	private static InputStream stream(String content) {
		return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
	}

	private static InputStream thenNoMore(String content) {
		ByteArrayInputStream data = new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
		return new InputStream() {

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (data.available() == 0) {
					throw new AssertionError("Read beyond the complete response");
				}
				return data.read(buffer, offset, Math.min(length, 5));
			}

		};
	}

}
