package io.github.clustermaster.sample.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.clustermaster.testsupport.HttpConnection;
import org.jspecify.annotations.Nullable;

/**
 * A browser as a form login sees it: it keeps the cookies the server sets and sends them
 * back, and opens a new connection for every request ({@code Connection: close}), as a
 * browser does once its keep-alive connection has timed out, so that any worker sharing
 * the port may answer each request. No redirects are followed: a test sees them.
 *
 * @author cluster-master
 */
public final class Browser {

	/**
	 * How long an answer is waited for: long, as a browser waits. A request given up while
	 * the server still works on it (a login changing the session's id) races with the next
	 * one, which an application's own store (Spring Session Redis) may not survive.
	 */
	private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final int port;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/**
	 * A browser with no cookies yet.
	 * @param port the port on 127.0.0.1
	 */
	public Browser(int port) {
		this.port = port;
	}

	/**
	 * Log in through the form: {@code GET /login} for its CSRF token, then {@code POST /login}.
	 * @param username the user
	 * @param password the password
	 * @return the answer to the {@code POST}: a redirect to the page asked for when the login
	 * succeeded
	 */
	public Response logIn(String username, String password) {
		return post("/login", Map.of("username", username, "password", password, "_csrf", csrfToken()));
	}

	/**
	 * A CSRF token of the current session, from the login page's form (which Spring
	 * Security shows also to a user who is logged in).
	 * @return the token
	 * @throws AssertionError if the page has none
	 */
	public String csrfToken() {
		Response page = get("/login");
		Matcher token = CSRF.matcher(page.body());
		if (page.status() != 200 || !token.find()) {
			throw new AssertionError("Expected the login page with a CSRF token but got " + page);
		}
		return token.group(1);
	}

	/**
	 * Send {@code GET path} on a new connection with this browser's cookies.
	 * @param path the path, starting with {@code /}
	 * @return the answer
	 */
	public Response get(String path) {
		return exchange("GET", path, null);
	}

	/**
	 * Send {@code POST path} with a form on a new connection with this browser's cookies.
	 * @param path the path, starting with {@code /}
	 * @param form the form's fields
	 * @return the answer
	 */
	public Response post(String path, Map<String, String> form) {
		return exchange("POST", path, form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&")));
	}

	/**
	 * The value of a cookie the server set.
	 * @param name the cookie's name
	 * @return its value, or {@code null}
	 */
	public @Nullable String cookie(String name) {
		return this.cookies.get(name);
	}

	/**
	 * The names of the cookies the server set.
	 * @return the names, in the order they were first set
	 */
	public List<String> cookieNames() {
		return List.copyOf(this.cookies.keySet());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private Response exchange(String method, String path, @Nullable String form) {
		byte[] body = (form != null) ? form.getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1:")
			.append(this.port)
			.append("\r\nConnection: close\r\nAccept: text/html,text/plain,*/*\r\n");
		if (!this.cookies.isEmpty()) {
			request.append("Cookie: ")
				.append(this.cookies.entrySet()
					.stream()
					.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
					.collect(Collectors.joining("; ")))
				.append("\r\n");
		}
		if (form != null) {
			request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
				.append(body.length)
				.append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), this.port),
					(int) HttpConnection.CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			Response response = read(socket.getInputStream());
			response.setCookies().forEach((cookie) -> {
				String[] nameValue = cookie.split(";", 2)[0].split("=", 2);
				boolean expired = cookie.toLowerCase(Locale.ROOT).contains("max-age=0");
				if (expired || nameValue.length < 2 || nameValue[1].isEmpty()) {
					this.cookies.remove(nameValue[0].trim());
				}
				else {
					this.cookies.put(nameValue[0].trim(), nameValue[1].trim());
				}
			});
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " on 127.0.0.1:" + this.port + " failed", ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		String[] status = line(in).split(" ", 3);
		if (status.length < 2 || !status[0].startsWith("HTTP/")) {
			throw new IOException("Expected an HTTP status line but got '" + String.join(" ", status) + "'");
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			if (colon > 0) {
				headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
					.add(header.substring(colon + 1).trim());
			}
		}
		byte[] body;
		List<String> length = headers.getOrDefault("content-length", List.of());
		if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch((value) -> value.contains("chunked"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
				chunks.write(exactly(in, size));
				line(in);
			}
			body = chunks.toByteArray();
		}
		else if (!length.isEmpty()) {
			body = exactly(in, Integer.parseInt(length.get(0)));
		}
		else {
			body = in.readAllBytes();
		}
		return new Response(Integer.parseInt(status[1]), headers, new String(body, StandardCharsets.UTF_8));
	}

	private static int chunkSize(InputStream in) throws IOException {
		return Integer.parseInt(line(in).split(";")[0].trim(), 16);
	}

	private static byte[] exactly(InputStream in, int length) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("Closed after " + bytes.length + " of " + length + " body bytes");
		}
		return bytes;
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b == -1) {
				throw new EOFException("Closed in the middle of a response, after '" + line + "'");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	/**
	 * One answer.
	 *
	 * @param status the status code
	 * @param headers the headers, by lower-case name
	 * @param body the body
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		/**
		 * The {@code Location} header, or {@code null}.
		 * @return where a redirect points
		 */
		public @Nullable String location() {
			List<String> location = this.headers.getOrDefault("location", List.of());
			return location.isEmpty() ? null : location.get(0);
		}

		List<String> setCookies() {
			return this.headers.getOrDefault("set-cookie", List.of());
		}

		/**
		 * The pid a body of the sample's account page starts with.
		 * @return the pid of the worker that answered
		 * @throws AssertionError if the body does not start with one
		 */
		public long pid() {
			Matcher pid = Pattern.compile("^(\\d+) ").matcher(this.body);
			if (!pid.find()) {
				throw new AssertionError("Expected a body that starts with a worker pid but got " + this);
			}
			return Long.parseLong(pid.group(1));
		}

		@Override
		public String toString() {
			String body = this.body.strip();
			return "HTTP " + this.status + ((location() != null) ? " -> " + location() : "") + " "
					+ ((body.length() > 160) ? body.substring(0, 160) + "..." : body);
		}

	}

}
