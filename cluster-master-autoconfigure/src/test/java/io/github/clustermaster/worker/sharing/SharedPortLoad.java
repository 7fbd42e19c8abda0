package io.github.clustermaster.worker.sharing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded loopback load on a shared port, with three kinds of clients, each sending one
 * request at a time: <em>fresh</em> clients open a new connection per request;
 * <em>keep-alive</em> clients reuse their connection and, as real HTTP clients do, send a
 * request again on a new connection when a reused idle connection turns out closed before
 * any byte of the response (counted as a retry, not a failure); <em>slow</em> clients send
 * {@code /slow?ms=3000} on new connections. Anything else that is not a {@code 200} with a
 * pid is a failure. Raw sockets, so no library retries behind the test's back.
 *
 * @author cluster-master
 */
public final class SharedPortLoad implements AutoCloseable {

	private static final Pattern PID = Pattern.compile("pid=(\\d+)");

	private static final int MAX_FAILURES_KEPT = 20;

	private final int port;

	private final long maxRequests;

	private final long deadline;

	private final long start = System.nanoTime();

	final AtomicLong sent = new AtomicLong();

	final AtomicLong failed = new AtomicLong();

	final AtomicLong retried = new AtomicLong();

	final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<SlowAnswer> slowAnswers = new ConcurrentLinkedQueue<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean stopped;

	private SharedPortLoad(int port, long maxRequests, Duration maxDuration) {
		this.port = port;
		this.maxRequests = maxRequests;
		this.deadline = this.start + maxDuration.toNanos();
	}

	/**
	 * Start a load.
	 * @param port the port on the loopback address
	 * @param fresh clients with a new connection per request
	 * @param keepAlive clients with a persistent connection
	 * @param slow clients of {@code /slow?ms=3000}
	 * @param maxRequests requests at most, over all clients
	 * @param maxDuration time at most
	 * @return the running load
	 */
	public static SharedPortLoad start(int port, int fresh, int keepAlive, int slow, long maxRequests,
			Duration maxDuration) {
		SharedPortLoad load = new SharedPortLoad(port, maxRequests, maxDuration);
		for (int i = 0; i < fresh; i++) {
			load.spawn("fresh-" + i, load::fresh);
		}
		for (int i = 0; i < keepAlive; i++) {
			load.spawn("keep-alive-" + i, load::keepAlive);
		}
		for (int i = 0; i < slow; i++) {
			load.spawn("slow-" + i, load::slow);
		}
		return load;
	}

	/**
	 * Send one request on a new connection.
	 * @param port the port on the loopback address
	 * @return the pid that answered, or -1
	 */
	public static long pidAt(int port) {
		try (Connection connection = new Connection(port)) {
			Response response = connection.exchange("/", true);
			return (response.status == 200) ? response.pid() : -1;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private void spawn(String name, Runnable client) {
		Thread thread = new Thread(client, "load-" + this.port + "-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	private boolean go() {
		if (this.stopped || System.nanoTime() - this.deadline > 0) {
			return false;
		}
		if (this.sent.incrementAndGet() > this.maxRequests) {
			this.sent.decrementAndGet();
			return false;
		}
		return pause(2);
	}

	private void fresh() {
		while (go()) {
			try (Connection connection = new Connection(this.port)) {
				check("fresh", connection.exchange("/", true));
			}
			catch (IOException ex) {
				fail("fresh", ex.toString());
			}
		}
	}

	private void keepAlive() {
		Connection connection = null;
		while (go()) {
			try {
				if (connection == null) {
					connection = new Connection(this.port);
				}
				Response response;
				try {
					response = connection.exchange("/", false);
				}
				catch (IOException ex) {
					boolean retriable = connection.used > 0 && connection.responseBytes == 0;
					connection.close();
					connection = null;
					if (!retriable) {
						throw ex;
					}
					this.retried.incrementAndGet();
					connection = new Connection(this.port);
					response = connection.exchange("/", false);
				}
				check("keep-alive", response);
				if (response.close) {
					connection.close();
					connection = null;
				}
			}
			catch (IOException ex) {
				fail("keep-alive", ex.toString());
				if (connection != null) {
					connection.close();
					connection = null;
				}
			}
		}
		if (connection != null) {
			connection.close();
		}
	}

	private void slow() {
		while (go()) {
			long started = System.nanoTime();
			try (Connection connection = new Connection(this.port)) {
				Response response = connection.exchange("/slow?ms=3000", true);
				check("slow", response);
				this.slowAnswers.add(new SlowAnswer(response.pid(), response.status, started, System.nanoTime()));
			}
			catch (IOException ex) {
				fail("slow", ex.toString());
				this.slowAnswers.add(new SlowAnswer(-1, -1, started, System.nanoTime()));
			}
		}
	}

	private void check(String client, Response response) {
		if (response.status != 200 || response.pid() < 0) {
			fail(client, "status " + response.status + ", body '" + response.body + "'");
		}
	}

	private void fail(String client, String what) {
		this.failed.incrementAndGet();
		if (this.failures.size() < MAX_FAILURES_KEPT) {
			this.failures.add(client + " at +" + Duration.ofNanos(System.nanoTime() - this.start).toMillis() + " ms: "
					+ what);
		}
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stop sending and wait for the requests in flight.
	 * @return this load
	 */
	public SharedPortLoad stop() {
		this.stopped = true;
		for (Thread thread : this.threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return this;
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * One summary line.
	 * @return the figures
	 */
	public String figures() {
		return String.format(Locale.ROOT, "requests sent %d, failed %d (keep-alive retries %d, slow answered %d)",
				this.sent.get(), this.failed.get(), this.retried.get(), this.slowAnswers.size());
	}

	/**
	 * A {@code /slow} request and what answered it.
	 * @param pid the pid that answered, or -1
	 * @param status the status, or -1
	 * @param startNanos when it was sent
	 * @param endNanos when the answer was complete
	 */
	record SlowAnswer(long pid, int status, long startNanos, long endNanos) {
	}

	record Response(int status, String body, boolean close) {

		long pid() {
			Matcher matcher = PID.matcher(this.body);
			return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
		}

	}

	/** One connection: HTTP/1.1 with Content-Length or chunked bodies. */
	private static final class Connection implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		int used;

		int responseBytes;

		Connection(int port) throws IOException {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			this.socket.setSoTimeout(20_000);
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}

		Response exchange(String path, boolean close) throws IOException {
			this.responseBytes = 0;
			this.out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (close ? "Connection: close\r\n" : "")
					+ "\r\n").getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
			String statusLine = line();
			String[] parts = statusLine.split(" ", 3);
			int status = Integer.parseInt(parts[1]);
			long length = -1;
			boolean chunked = false;
			boolean closeAfter = close;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					closeAfter = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (chunked) {
				for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long
					.parseLong(line().split(";")[0].trim(), 16)) {
					body.write(bytes(size));
					line();
				}
				line();
			}
			else if (length >= 0) {
				body.write(bytes(length));
			}
			else {
				body.write(this.in.readAllBytes());
				closeAfter = true;
			}
			this.used++;
			return new Response(status, body.toString(StandardCharsets.UTF_8), closeAfter);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = this.in.read()) != '\n') {
				if (c < 0) {
					throw new EOFException("Connection closed after " + this.responseBytes + " byte(s) of the response");
				}
				this.responseBytes++;
				if (c != '\r') {
					line.append((char) c);
				}
			}
			this.responseBytes++;
			return line.toString();
		}

		private byte[] bytes(long count) throws IOException {
			byte[] bytes = this.in.readNBytes((int) count);
			this.responseBytes += bytes.length;
			if (bytes.length < count) {
				throw new EOFException("Connection closed in the body");
			}
			return bytes;
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Nothing to do
			}
		}

	}

}
