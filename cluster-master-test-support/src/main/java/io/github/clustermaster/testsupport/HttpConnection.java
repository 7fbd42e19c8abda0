package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * One raw HTTP/1.1 connection (or HTTPS, without a client library either) to 127.0.0.1 that carries {@code GET} requests one at a
 * time. No pooling, no retries, no redirects: a reset or a response cut short is what the
 * test sees, which is why the load and drain tests use it instead of an HTTP client
 * library.
 *
 * @author cluster-master
 */
public final class HttpConnection implements AutoCloseable {

	/** Connect timeout of every connection. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Read timeout of every response. */
	public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final Socket socket;

	private final OutputStream out;

	private final HttpResponseReader reader;

	private int exchanges;

	/**
	 * Open a connection.
	 * @param port the port on 127.0.0.1
	 * @throws IOException if the connection cannot be made
	 */
	public HttpConnection(int port) throws IOException {
		this(port, null);
	}

	/**
	 * Open a connection, over TLS if a context is given.
	 * @param port the port on 127.0.0.1
	 * @param tls the TLS context, or {@code null} for plain HTTP
	 * @throws IOException if the connection or the TLS handshake fails
	 */
	public HttpConnection(int port, @Nullable SSLContext tls) throws IOException {
		this.port = port;
		this.socket = (tls != null) ? tls.getSocketFactory().createSocket() : new Socket();
		try {
			this.socket.connect(new InetSocketAddress(FreePort.LOOPBACK, port), (int) CONNECT_TIMEOUT.toMillis());
			this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			this.out = this.socket.getOutputStream();
			this.reader = new HttpResponseReader(this.socket.getInputStream());
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Send {@code GET path} and read the response.
	 * @param path the path, starting with {@code /}
	 * @param close whether to ask the server to close the connection after the response
	 * @return the status and body
	 * @throws IOException if the connection fails or closes before the response is complete
	 */
	public HttpResult get(String path, boolean close) throws IOException {
		// localhost, the name in the TLS tests' certificate, which Jetty checks against the Host
		this.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + this.port + "\r\n"
				+ (close ? "Connection: close\r\n" : "") + "Accept: */*\r\nUser-Agent: cluster-master-test\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		HttpResult result = this.reader.next(close);
		this.exchanges++;
		return result;
	}

	/**
	 * Whether a request sent on this reused, idle connection failed before any byte of
	 * its response: the server had closed it, and a real HTTP client would send the
	 * request again on a new connection.
	 * @return whether the last failure is one to retry
	 */
	public boolean failedIdle() {
		return this.exchanges > 0 && this.reader.received() == 0;
	}

	/**
	 * Whether the connection can carry another request.
	 * @return whether neither side asked to close it
	 */
	public boolean isReusable() {
		return !this.reader.closes() && !this.socket.isClosed();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
	}

}
