package io.github.clustermaster.sample.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

/**
 * Plain HTTP/1.1 {@code GET} requests to 127.0.0.1, each on a new TCP connection that
 * the request asks to close, so that every request is accepted afresh by one of the
 * workers sharing the port. No pooling, no retries, no redirects: what the server does is
 * what the test sees.
 *
 * @author cluster-master
 */
public final class Http {

	/** Connect timeout for every request. */
	public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/** Read timeout for every request. */
	public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private Http() {
	}

	/**
	 * Send {@code GET path} to 127.0.0.1 on a new connection.
	 * @param port the port
	 * @param path the path, starting with {@code /}
	 * @return the status and body, or the exception
	 */
	public static HttpResult get(int port, String path) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(FreePort.LOOPBACK, port),
					(int) CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
					+ "Accept: */*\r\nUser-Agent: cluster-master-it\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return HttpResponseReader.read(socket.getInputStream());
		}
		catch (IOException | RuntimeException ex) {
			return HttpResult.failed(ex);
		}
	}

	/**
	 * Return the pid of the worker that wrote a body of the sample app's {@code GET /}: its
	 * first word.
	 * @param body the body
	 * @return the pid
	 * @throws IllegalArgumentException if the first word is not a number
	 */
	public static long pidOf(String body) {
		OptionalLong pid = leadingPid(body);
		if (pid.isEmpty()) {
			throw new IllegalArgumentException("Expected a body starting with a worker pid but got '" + body + "'");
		}
		return pid.getAsLong();
	}

	static OptionalLong leadingPid(String body) {
		String first = body.strip().split("\\s+", 2)[0];
		if (first.isEmpty() || first.length() > 18 || !first.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong(first));
	}

	/**
	 * Send {@code GET /} on new connections until {@code count} distinct worker pids have
	 * answered. Requests go out in concurrent rounds of {@code count} so that an idle worker
	 * gets a chance to accept.
	 * @param port the port
	 * @param count how many distinct pids to wait for
	 * @param timeout how long to try
	 * @return the pids that answered, at least {@code count}, sorted
	 * @throws AssertionError naming the pids seen and the last failure on timeout
	 */
	public static Set<Long> awaitDistinctPids(int port, int count, Duration timeout) {
		Set<Long> pids = new TreeSet<>();
		AtomicReference<String> lastFailure = new AtomicReference<>("none");
		ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, count), (task) -> {
			Thread thread = new Thread(task, "await-pids-" + port);
			thread.setDaemon(true);
			return thread;
		});
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> {
				List<Callable<HttpResult>> round = Collections.nCopies(Math.max(1, count), () -> get(port, "/"));
				for (Future<HttpResult> result : executor.invokeAll(round)) {
					record(result.get(), pids, lastFailure);
				}
				return pids.size() >= count;
			});
			synchronized (pids) {
				return Collections.unmodifiableSet(new TreeSet<>(pids));
			}
		}
		catch (ConditionTimeoutException ex) {
			synchronized (pids) {
				throw new AssertionError("Expected " + count + " distinct worker pids on 127.0.0.1:" + port + " within "
						+ timeout + " but saw " + pids + "; last failure: " + lastFailure.get(), ex);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void record(HttpResult result, Set<Long> pids, AtomicReference<String> lastFailure) {
		if (!result.isOk()) {
			lastFailure.set(result.describe());
			return;
		}
		try {
			long pid = pidOf(result.body());
			synchronized (pids) {
				pids.add(pid);
			}
		}
		catch (IllegalArgumentException ex) {
			lastFailure.set(ex.getMessage());
		}
	}

}
