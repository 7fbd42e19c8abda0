package io.github.clustermaster.sample.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Plain HTTP/1.1 {@code POST} requests to 127.0.0.1, each on a new connection that the
 * request asks to close, like {@link Http#get(int, String)}.
 *
 * @author cluster-master
 */
public final class HttpPost {

	private HttpPost() {
	}

	/**
	 * Send {@code POST path} with a JSON body ({@code Content-Type: application/json}, which
	 * Actuator's write operations require, even without a body).
	 * @param port the port
	 * @param path the path, starting with {@code /}
	 * @param json the body, or {@code null} for none
	 * @return the status and body, or the exception
	 */
	public static HttpResult json(int port, String path, @Nullable String json) {
		byte[] body = (json != null) ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
		String contentType = "Content-Type: application/json\r\n";
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(FreePort.LOOPBACK, port), (int) Http.CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) Http.READ_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
					+ "Accept: */*\r\nUser-Agent: cluster-master-it\r\n" + contentType + "Content-Length: "
					+ body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			return HttpResponseReader.read(socket.getInputStream());
		}
		catch (IOException | RuntimeException ex) {
			return HttpResult.failed(ex);
		}
	}

}
