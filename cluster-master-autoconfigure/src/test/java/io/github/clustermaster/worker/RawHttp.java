package io.github.clustermaster.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain HTTP/1.1 exchange over a raw socket, for tests that must see whether a held
 * server answers at all.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Whether the server sends anything before the socket's read timeout.
	 * @param socket the socket
	 * @return whether it answered
	 * @throws IOException if reading fails
	 */
	public static boolean answers(Socket socket) throws IOException {
		try {
			return socket.getInputStream().read() != -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
	}

	/**
	 * Send {@code GET /} with {@code Connection: close}.
	 * @param socket the socket
	 * @throws IOException if writing fails
	 */
	public static void send(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	/**
	 * Read the whole answer.
	 * @param in the socket's input
	 * @return the answer, trimmed
	 * @throws IOException if reading fails
	 */
	public static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
	}

}
