package io.github.clustermaster.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from one connection, one at a time: each until its
 * {@code Content-Length} or last chunk has arrived, or, without either, until the server
 * closes the connection. It never reads beyond the response, so that the connection can
 * carry the next one. A response cut short is an {@link EOFException}, not a shorter body.
 *
 * @author cluster-master
 */
final class HttpResponseReader {

	private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private final InputStream in;

	private int received;

	private boolean closes;

	HttpResponseReader(InputStream in) {
		this.in = new BufferedInputStream(in);
	}

	/**
	 * Read one response from a stream.
	 * @param in the stream
	 * @return the status and body
	 * @throws IOException if the stream ends before the response does
	 */
	static HttpResult read(InputStream in) throws IOException {
		return new HttpResponseReader(in).next(true);
	}

	/**
	 * Read the next response.
	 * @param requestClosed whether the request asked the server to close the connection
	 * @return the status and body
	 * @throws IOException if the connection ends before the response does
	 */
	HttpResult next(boolean requestClosed) throws IOException {
		this.received = 0;
		this.closes = requestClosed;
		String statusLine = line("before the end of the headers");
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP status line: '" + statusLine + "'");
		}
		int status = Integer.parseInt(parts[1]);
		long length = -1;
		boolean chunked = false;
		for (String header = line("before the end of the headers"); !header.isEmpty(); header = line(
				"before the end of the headers")) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring("content-length:".length()).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				this.closes = true;
			}
		}
		if (status == 204 || status == 304) {
			return HttpResult.of(status, "");
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			String inside = "inside a chunked body (HTTP " + status + ")";
			for (int size = Integer.parseInt(line(inside).split(";", 2)[0].trim(), 16); size > 0; size = Integer
				.parseInt(line(inside).split(";", 2)[0].trim(), 16)) {
				byte[] chunk = bytes(size);
				body.write(chunk);
				if (chunk.length < size) {
					throw new EOFException("Connection closed inside a chunk after " + body.size() + " bytes (HTTP "
							+ status + ")");
				}
				line(inside);
			}
			line(inside);
		}
		else if (length >= 0) {
			byte[] bytes = bytes(length);
			if (bytes.length < length) {
				throw new EOFException("Connection closed after " + bytes.length + " of " + length + " body bytes (HTTP "
						+ status + ")");
			}
			body.write(bytes);
		}
		else {
			body.write(bytes(MAX_RESPONSE_BYTES));
			this.closes = true;
		}
		return HttpResult.of(status, body.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Return how many bytes of the current response have arrived, zero if the connection
	 * closed before the first one.
	 * @return the count
	 */
	int received() {
		return this.received;
	}

	/**
	 * Whether the connection closes after the last response: the request or the response
	 * asked for it, or the body ran to the end of the connection.
	 * @return whether no further response can come
	 */
	boolean closes() {
		return this.closes;
	}

	private String line(String where) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
			if (c < 0) {
				throw new EOFException("Connection closed after " + this.received + " bytes, " + where);
			}
			count(1);
			if (c != '\r') {
				line.append((char) c);
			}
		}
		count(1);
		return line.toString();
	}

	private byte[] bytes(long count) throws IOException {
		byte[] bytes = this.in.readNBytes((int) Math.min(count, MAX_RESPONSE_BYTES + 1L));
		count(bytes.length);
		return bytes;
	}

	private void count(int bytes) throws IOException {
		this.received += bytes;
		if (this.received > MAX_RESPONSE_BYTES) {
			throw new IOException("Response larger than " + MAX_RESPONSE_BYTES + " bytes");
		}
	}

}
