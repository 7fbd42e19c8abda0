package io.github.clustermaster.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Sends a {@link WarmupPlan}'s requests to a worker's private loopback port and answers
 * what they did. Plain HTTP/1.1 over sockets, a new connection per request
 * ({@code Connection: close}), so that nothing is left open once it returns and no HTTP
 * client library is loaded into the application. Each connection keeps the cookies it is
 * given, as a browser would, so that a warm-up of paths that create an HTTP session
 * (Spring Security saving a request before its login page) creates one session per
 * connection, not one per request. It never waits past the plan's time
 * limit: at the limit it closes the connections still open and answers with what was
 * done, {@link WarmupResult#timedOut() timed out}.
 *
 * @author cluster-master
 */
public final class WarmupRunner {

	/** The user agent of every warm-up request, for the application's access log. */
	public static final String USER_AGENT = "cluster-master-warmup";

	/** How long a connection may take to open on loopback. */
	private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

	private final InetSocketAddress target;

	/**
	 * Create a runner that sends to a worker's private port.
	 * @param target the loopback address and port
	 */
	public WarmupRunner(InetSocketAddress target) {
		this.target = target;
	}

	/**
	 * Send the plan's requests, on {@code concurrency} threads, and wait until they are
	 * done or the time limit has passed.
	 * @param plan the plan
	 * @return what was done
	 */
	public WarmupResult run(WarmupPlan plan) {
		Run run = new Run(plan, System.nanoTime());
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < plan.concurrency(); i++) {
			Thread thread = new Thread(run::loop, "cluster-master-warmup-" + (i + 1));
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		boolean timedOut = false;
		for (Thread thread : threads) {
			long left = run.deadline - System.nanoTime();
			if (left > 0) {
				join(thread, left);
			}
			if (thread.isAlive()) {
				timedOut = true;
				break;
			}
		}
		if (timedOut) {
			run.stop();
			for (Thread thread : threads) {
				join(thread, Duration.ofSeconds(1).toNanos());
			}
		}
		timedOut |= run.hitDeadline;
		return run.result(timedOut);
	}

	private static void join(Thread thread, long nanos) {
		try {
			thread.join(Math.max(1, nanos / 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One warm-up's shared state; its threads take request numbers in turn. */
	private final class Run {

		private final WarmupPlan plan;

		private final long start;

		private final long deadline;

		private final long sendUntil;

		private final AtomicLong next = new AtomicLong();

		private final LongAdder[] byClass = new LongAdder[6];

		private final LongAdder failed = new LongAdder();

		private final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private @Nullable String slowestPath;

		private long slowestNanos;

		private volatile boolean stopped;

		private volatile boolean hitDeadline;

		Run(WarmupPlan plan, long start) {
			this.plan = plan;
			this.start = start;
			this.deadline = start + plan.timeout().toNanos();
			Duration duration = plan.duration();
			this.sendUntil = (duration != null) ? start + Math.min(duration.toNanos(), plan.timeout().toNanos())
					: this.deadline;
			for (int i = 0; i < this.byClass.length; i++) {
				this.byClass[i] = new LongAdder();
			}
		}

		void loop() {
			Map<String, String> cookies = new LinkedHashMap<>();
			Integer count = this.plan.requests();
			while (!this.stopped) {
				long now = System.nanoTime();
				if (now - this.sendUntil >= 0) {
					this.hitDeadline |= (count != null);
					return;
				}
				long number = this.next.getAndIncrement();
				if (count != null && number >= count) {
					return;
				}
				String path = this.plan.paths().get((int) (number % this.plan.paths().size()));
				send(path, now, cookies);
			}
		}

		private void send(String path, long start, Map<String, String> cookies) {
			Socket socket = new Socket();
			this.open.add(socket);
			try (socket) {
				int left = (int) Math.max(1, (this.deadline - start) / 1_000_000);
				socket.connect(WarmupRunner.this.target, Math.min(left, CONNECT_TIMEOUT_MILLIS));
				socket.setSoTimeout(left);
				OutputStream out = socket.getOutputStream();
				out.write(request(path, cookies).getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				InputStream in = socket.getInputStream();
				int status = status(line(in));
				for (String header = line(in); !header.isEmpty(); header = line(in)) {
					cookie(header, cookies);
				}
				in.transferTo(OutputStream.nullOutputStream());
				answered(path, status, System.nanoTime() - start);
			}
			catch (IOException | RuntimeException ex) {
				if (!this.stopped) {
					this.failed.increment();
					this.firstFailure.compareAndSet(null, "GET " + path + ": " + ex);
				}
			}
			finally {
				this.open.remove(socket);
			}
		}

		private String request(String path, Map<String, String> cookies) {
			StringBuilder request = new StringBuilder("GET ").append(path)
				.append(" HTTP/1.1\r\nHost: localhost:")
				.append(WarmupRunner.this.target.getPort())
				.append("\r\nUser-Agent: ")
				.append(USER_AGENT)
				.append("\r\nAccept: */*\r\nConnection: close\r\n");
			if (!cookies.isEmpty()) {
				request.append("Cookie: ");
				cookies.forEach((name, value) -> request.append(name).append('=').append(value).append("; "));
				request.setLength(request.length() - 2);
				request.append("\r\n");
			}
			return request.append("\r\n").toString();
		}

		private synchronized void answered(String path, int status, long nanos) {
			this.byClass[Math.min(5, Math.max(1, status / 100))].increment();
			if (this.slowestPath == null || nanos > this.slowestNanos) {
				this.slowestPath = path;
				this.slowestNanos = nanos;
			}
		}

		void stop() {
			this.stopped = true;
			for (Socket socket : this.open) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing it is all that was wanted
				}
			}
		}

		synchronized WarmupResult result(boolean timedOut) {
			long[] counts = new long[6];
			for (int i = 0; i < counts.length; i++) {
				counts[i] = this.byClass[i].sum();
			}
			return new WarmupResult(counts, this.failed.sum(), this.firstFailure.get(),
					Duration.ofNanos(System.nanoTime() - this.start), this.slowestPath,
					Duration.ofNanos(this.slowestNanos), timedOut);
		}

	}

	/** The status of the response's first line, {@code HTTP/1.1 200 OK}. */
	static int status(String line) throws IOException {
		String[] parts = line.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP response: '" + line + "'");
		}
		try {
			return Integer.parseInt(parts[1]);
		}
		catch (NumberFormatException ex) {
			throw new IOException("Not an HTTP status: '" + line + "'");
		}
	}

	/** Keep a {@code Set-Cookie} header's cookie (drop it when it expires at once). */
	static void cookie(String header, Map<String, String> cookies) {
		int colon = header.indexOf(':');
		if (colon < 0 || !header.substring(0, colon).strip().equalsIgnoreCase("set-cookie")) {
			return;
		}
		String[] attributes = header.substring(colon + 1).split(";");
		int equals = attributes[0].indexOf('=');
		if (equals <= 0) {
			return;
		}
		String name = attributes[0].substring(0, equals).strip();
		String value = attributes[0].substring(equals + 1).strip();
		boolean expired = value.isEmpty();
		for (int i = 1; i < attributes.length; i++) {
			expired |= attributes[i].strip().equalsIgnoreCase("Max-Age=0");
		}
		if (expired) {
			cookies.remove(name);
		}
		else {
			cookies.put(name, value);
		}
	}

	/** One line of the response's head, without its end. */
	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\n') {
			if (c == -1) {
				if (line.isEmpty()) {
					return "";
				}
				break;
			}
			if (line.length() > 8192) {
				throw new IOException("Response header line too long");
			}
			line.append((char) c);
		}
		return line.toString().strip();
	}

}
