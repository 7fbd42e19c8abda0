package io.github.clustermaster.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A browser as far as sessions go: it keeps the cookies the server sets and sends them
 * back, and opens a new connection for every request ({@code Connection: close}), as a
 * browser does after its keep-alive timeout, so that any worker may answer each one.
 * Redirects are not followed.
 *
 * @author cluster-master
 */
public final class CookieClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final int port;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/**
	 * Create a client with no cookies.
	 * @param port the server's port on loopback
	 */
	public CookieClient(int port) {
		this.port = port;
	}

	/**
	 * GET a path.
	 * @param path the path
	 * @return the response
	 * @throws IOException on a connection failure
	 */
	public Response get(String path) throws IOException {
		return send("GET", path, null);
	}

	/**
	 * POST a form.
	 * @param path the path
	 * @param form the form's fields
	 * @return the response
	 * @throws IOException on a connection failure
	 */
	public Response post(String path, Map<String, String> form) throws IOException {
		String body = form.entrySet()
			.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send("POST", path, body);
	}

	/**
	 * The value of a cookie this client holds.
	 * @param name its name
	 * @return its value, or {@code null}
	 */
	public @Nullable String cookie(String name) {
		return this.cookies.get(name);
	}

	/**
	 * The value of the {@code Cookie} header this client sends, for another client (such
	 * as {@code wrk}) to send as this one.
	 * @return the cookies as {@code name=value; name=value}, empty when it holds none
	 */
	public String cookieHeader() {
		return this.cookies.entrySet()
			.stream()
			.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	private Response send(String method, String path, @Nullable String form) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nConnection: close\r\n");
			if (!this.cookies.isEmpty()) {
				request.append("Cookie: ").append(cookieHeader()).append("\r\n");
			}
			byte[] body = (form != null) ? form.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (form != null) {
				request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
					.append(body.length)
					.append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return read(socket.getInputStream());
		}
	}

	private Response read(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		String text = new String(all, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IOException("Incomplete response: " + text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		for (String cookie : headers.getOrDefault("set-cookie", List.of())) {
			String pair = cookie.split(";", 2)[0];
			int equals = pair.indexOf('=');
			String name = pair.substring(0, equals).trim();
			String value = pair.substring(equals + 1).trim();
			boolean expired = cookie.toLowerCase(Locale.ROOT).contains("max-age=0");
			if (value.isEmpty() || expired) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
		byte[] raw = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		boolean chunked = headers.getOrDefault("transfer-encoding", List.of())
			.stream()
			.anyMatch((value) -> value.equalsIgnoreCase("chunked"));
		String body = new String(chunked ? dechunk(raw) : raw, StandardCharsets.UTF_8);
		return new Response(status, headers, body);
	}

	private static byte[] dechunk(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < raw.length) {
			int lineEnd = at;
			while (lineEnd + 1 < raw.length && !(raw[lineEnd] == '\r' && raw[lineEnd + 1] == '\n')) {
				lineEnd++;
			}
			String size = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
			int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			out.write(raw, lineEnd + 2, Math.min(length, raw.length - lineEnd - 2));
			at = lineEnd + 2 + length + 2;
		}
		return out.toByteArray();
	}

	/**
	 * A response.
	 *
	 * @param status its status code
	 * @param headers its headers, by lower-case name
	 * @param body its body
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		/**
		 * The {@code Location} header.
		 * @return its value, or {@code null}
		 */
		public @Nullable String location() {
			List<String> values = this.headers.get("location");
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		/**
		 * The CSRF token of the page's form (Spring Security's {@code _csrf} field).
		 * @return the token
		 * @throws IllegalStateException if the page has none
		 */
		public String csrf() {
			Matcher matcher = CSRF.matcher(this.body);
			if (!matcher.find()) {
				throw new IllegalStateException("No _csrf field in: " + this.body);
			}
			return matcher.group(1);
		}

	}

}
