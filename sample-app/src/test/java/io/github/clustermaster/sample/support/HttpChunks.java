package io.github.clustermaster.sample.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a body sent with {@code Transfer-Encoding: chunked}.
 *
 * @author cluster-master
 */
final class HttpChunks {

	private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

	private HttpChunks() {
	}

	/**
	 * Decode a chunked body.
	 * @param encoded the body as received, up to the end of the connection
	 * @return the decoded body
	 * @throws EOFException if the connection closed before the last chunk
	 */
	static byte[] decode(byte[] encoded) throws EOFException {
		ByteArrayOutputStream decoded = new ByteArrayOutputStream();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(encoded, position);
			if (lineEnd < 0) {
				throw new EOFException("Connection closed inside a chunked body after " + decoded.size() + " bytes");
			}
			String sizeLine = new String(encoded, position, lineEnd - position, StandardCharsets.US_ASCII);
			int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
			position = lineEnd + CRLF.length;
			if (size == 0) {
				return decoded.toByteArray();
			}
			if (position + size > encoded.length) {
				throw new EOFException("Connection closed inside a chunk after " + decoded.size() + " bytes");
			}
			decoded.write(encoded, position, size);
			position += size + CRLF.length;
		}
	}

	private static int indexOf(byte[] data, int from) {
		for (int i = from; i < data.length - 1; i++) {
			if (data[i] == CRLF[0] && data[i + 1] == CRLF[1]) {
				return i;
			}
		}
		return -1;
	}

}
