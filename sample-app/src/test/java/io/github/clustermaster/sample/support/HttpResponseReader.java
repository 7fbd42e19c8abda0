package io.github.clustermaster.sample.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads one HTTP/1.1 response: until its {@code Content-Length} or last chunk has arrived,
 * or, without either, until the server closes the connection. A response cut short is an
 * {@link EOFException}, not a shorter body.
 *
 * @author cluster-master
 */
final class HttpResponseReader {

	private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private HttpResponseReader() {
	}

	static HttpResult read(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (true) {
			int read = in.read(buffer);
			if (read > 0) {
				received.write(buffer, 0, read);
				if (received.size() > MAX_RESPONSE_BYTES) {
					throw new IOException("Response larger than " + MAX_RESPONSE_BYTES + " bytes");
				}
			}
			HttpResult result = parse(received.toByteArray(), read == -1);
			if (result != null) {
				return result;
			}
		}
	}

	private static @Nullable HttpResult parse(byte[] raw, boolean ended) throws IOException {
		int headerEnd = indexOf(raw, HEADER_END);
		if (headerEnd < 0) {
			return incomplete(ended, "Connection closed after " + raw.length + " bytes, before the end of the headers");
		}
		String[] head = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
		String[] statusLine = head[0].split(" ", 3);
		if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP status line: '" + head[0] + "'");
		}
		int status = Integer.parseInt(statusLine[1]);
		long contentLength = -1;
		boolean chunked = false;
		for (int i = 1; i < head.length; i++) {
			String header = head[i].toLowerCase(Locale.ROOT);
			if (header.startsWith("content-length:")) {
				contentLength = Long.parseLong(header.substring("content-length:".length()).trim());
			}
			else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
				chunked = true;
			}
		}
		byte[] body = Arrays.copyOfRange(raw, headerEnd + HEADER_END.length, raw.length);
		if (status == 204 || status == 304) {
			return HttpResult.of(status, "");
		}
		if (chunked) {
			try {
				return HttpResult.of(status, new String(HttpChunks.decode(body), StandardCharsets.UTF_8));
			}
			catch (EOFException ex) {
				return incomplete(ended, ex.getMessage() + " (HTTP " + status + ")");
			}
		}
		if (contentLength >= 0) {
			if (body.length < contentLength) {
				return incomplete(ended,
						"Connection closed after " + body.length + " of " + contentLength + " body bytes (HTTP " + status + ")");
			}
			return HttpResult.of(status, new String(body, 0, (int) contentLength, StandardCharsets.UTF_8));
		}
		return ended ? HttpResult.of(status, new String(body, StandardCharsets.UTF_8)) : null;
	}

	private static @Nullable HttpResult incomplete(boolean ended, String message) throws EOFException {
		if (ended) {
			throw new EOFException(message);
		}
		return null;
	}

	private static int indexOf(byte[] data, byte[] token) {
		for (int i = 0; i <= data.length - token.length; i++) {
			int j = 0;
			while (j < token.length && data[i + j] == token[j]) {
				j++;
			}
			if (j == token.length) {
				return i;
			}
		}
		return -1;
	}

}
