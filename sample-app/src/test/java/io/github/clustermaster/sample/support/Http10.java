package io.github.clustermaster.sample.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.0 request on a new connection, with its response's headers: every request
 * goes to whichever worker accepts it, and the body is read to the end of the
 * connection (no chunking, no keep-alive).
 */
public final class Http10 {

	private Http10() {
	}

	/**
	 * A response.
	 *
	 * @param status the status
	 * @param headers the headers, by lower-case name
	 * @param body the body
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		/**
		 * A header.
		 * @param name its name, in any case
		 * @return its value, or {@code null}
		 */
		public @Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		/**
		 * The worker that answered, from {@code Cluster-Worker}.
		 * @return its id, or -1 when the header is absent
		 */
		public int worker() {
			String id = header("Cluster-Worker");
			return (id != null) ? Integer.parseInt(id) : -1;
		}

		@Override
		public String toString() {
			return this.status + " " + this.headers + " " + this.body;
		}

	}

	/**
	 * Send a request.
	 * @param port the port on 127.0.0.1
	 * @param method the method
	 * @param path the path and query
	 * @param json a JSON body (sent with {@code Content-Type: application/json}), or
	 * {@code null}
	 * @param basic {@code user:password} for HTTP Basic, or {@code null}
	 * @return the response
	 */
	public static Response send(int port, String method, String path, @Nullable String json, @Nullable String basic) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			// Long enough for a rolling restart that answers once it is done
			socket.setSoTimeout(600_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n");
			byte[] body = (json != null) ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (json != null || method.equals("POST")) {
				request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
			}
			if (basic != null) {
				request.append("Authorization: Basic ")
					.append(Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
					.append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
			}
			return new Response(status, headers, text.substring(end + 4));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code GET path}.
	 * @param port the port
	 * @param path the path
	 * @return the response
	 */
	public static Response get(int port, String path) {
		return send(port, "GET", path, null, null);
	}

}
