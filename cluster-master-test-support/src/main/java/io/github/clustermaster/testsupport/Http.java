package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP requests to 127.0.0.1. A {@code GET} goes over a new raw {@link HttpConnection}
 * that the request asks to close, so that every request is accepted afresh by one of the
 * workers sharing the port and what the server does is what the test sees. A
 * {@code POST} goes through the JDK's {@link HttpClient}: no test needs to see a
 * {@code POST}'s raw reset.
 *
 * @author cluster-master
 */
public final class Http {

	/**
	 * How a body names the worker that wrote it: a leading number (the sample app's
	 * {@code GET /}) or {@code pid=<n>} (the port-sharing tests' applications).
	 */
	private static final Pattern PID = Pattern.compile("^\\s*(\\d{1,18})(?:\\s|$)|\\bpid=(\\d{1,18})\\b");

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(HttpConnection.CONNECT_TIMEOUT)
		.build();

	private Http() {
	}

	/**
	 * Send {@code GET path} to 127.0.0.1 on a new connection.
	 * @param port the port
	 * @param path the path, starting with {@code /}
	 * @return the status and body, or the exception
	 */
	public static HttpResult get(int port, String path) {
		try (HttpConnection connection = new HttpConnection(port)) {
			return connection.get(path, true);
		}
		catch (IOException | RuntimeException ex) {
			return HttpResult.failed(ex);
		}
	}

	/**
	 * Send {@code POST path} with a JSON body ({@code Content-Type: application/json}, which
	 * Actuator's write operations require, even without a body).
	 * @param port the port
	 * @param path the path, starting with {@code /}
	 * @param json the body, or {@code null} for none
	 * @return the status and body, or the exception
	 */
	public static HttpResult post(int port, String path, @Nullable String json) {
		return post(port, path, json, HttpConnection.READ_TIMEOUT);
	}

	/**
	 * Send {@code POST path} with a JSON body and wait up to {@code timeout} for the answer,
	 * for an operation that answers once it is done.
	 * @param port the port
	 * @param path the path, starting with {@code /}
	 * @param json the body, or {@code null} for none
	 * @param timeout how long to wait for the answer
	 * @return the status and body, or the exception
	 */
	public static HttpResult post(int port, String path, @Nullable String json, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.POST((json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			return HttpResult.of(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return HttpResult.failed(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return HttpResult.failed(ex);
		}
	}

	/**
	 * Return the pid of the worker that wrote a body: its first word (the sample app's
	 * {@code GET /}) or the number after {@code pid=}.
	 * @param body the body
	 * @return the pid
	 * @throws IllegalArgumentException if the body names no pid
	 */
	public static long pidOf(String body) {
		OptionalLong pid = findPid(body);
		if (pid.isEmpty()) {
			throw new IllegalArgumentException("Expected a body naming a worker pid but got '" + body + "'");
		}
		return pid.getAsLong();
	}

	/**
	 * Return the pid of the worker that wrote a body, if it names one.
	 * @param body the body
	 * @return the pid, or empty
	 * @see #pidOf(String)
	 */
	public static OptionalLong findPid(String body) {
		Matcher matcher = PID.matcher(body);
		if (!matcher.find()) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(Long.parseLong((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2)));
	}

	/**
	 * Send {@code GET /} on {@code count} new connections at once and return the pids that
	 * answered.
	 * @param port the port
	 * @param count how many requests
	 * @return the pids, sorted
	 */
	static Set<Long> answeringPids(int port, int count) throws InterruptedException {
		Set<Long> pids = new TreeSet<>();
		AtomicReference<String> ignored = new AtomicReference<>();
		ExecutorService executor = executor(port, count);
		try {
			round(executor, port, count, pids, ignored);
			return pids;
		}
		finally {
			executor.shutdownNow();
		}
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
		ExecutorService executor = executor(port, count);
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> {
				round(executor, port, count, pids, lastFailure);
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

	private static ExecutorService executor(int port, int count) {
		return Executors.newFixedThreadPool(Math.max(1, count), (task) -> {
			Thread thread = new Thread(task, "await-pids-" + port);
			thread.setDaemon(true);
			return thread;
		});
	}

	private static void round(ExecutorService executor, int port, int count, Set<Long> pids,
			AtomicReference<String> lastFailure) throws InterruptedException {
		List<Callable<HttpResult>> round = Collections.nCopies(Math.max(1, count), () -> get(port, "/"));
		for (Future<HttpResult> result : executor.invokeAll(round)) {
			try {
				record(result.get(), pids, lastFailure);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				lastFailure.set(ex.getCause().toString());
			}
		}
	}

	private static void record(HttpResult result, Set<Long> pids, AtomicReference<String> lastFailure) {
		if (!result.isOk()) {
			lastFailure.set(result.describe());
			return;
		}
		OptionalLong pid = findPid(result.body());
		if (pid.isEmpty()) {
			lastFailure.set("Expected a body naming a worker pid but got '" + result.body() + "'");
			return;
		}
		synchronized (pids) {
			pids.add(pid.getAsLong());
		}
	}

}
