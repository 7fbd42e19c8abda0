package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server for the harness's own tests that answers {@code GET /} like the
 * sample app, with a pid and a worker id, taking the pid in turn from a list of fake
 * workers. {@code /fail} answers 503, {@code /chunked} sends a chunked body.
 *
 * @author cluster-master
 */
final class FakeWorkers implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<Long> pids;

	private final AtomicInteger requests = new AtomicInteger();

	private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

	FakeWorkers(Long... pids) throws IOException {
		this.pids = List.of(pids);
		this.server = HttpServer.create(new InetSocketAddress(FreePort.LOOPBACK, 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	int requests() {
		return this.requests.get();
	}

	Set<Integer> clientPorts() {
		return Set.copyOf(this.clientPorts);
	}

	private void handle(HttpExchange exchange) throws IOException {
		int number = this.requests.getAndIncrement();
		this.clientPorts.add(exchange.getRemoteAddress().getPort());
		String path = exchange.getRequestURI().getPath();
		try (exchange) {
			if (path.equals("/fail")) {
				send(exchange, 503, false, "unavailable");
			}
			else if (path.equals("/chunked")) {
				send(exchange, 200, true, "chunked ".repeat(1000).strip());
			}
			else {
				int index = number % this.pids.size();
				String body = this.pids.get(index) + " " + (index + 1) + "\n";
				send(exchange, 200, false, body);
			}
		}
	}

	private static void send(HttpExchange exchange, int status, boolean chunked, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		// A length of 0 tells the server to use chunked transfer encoding.
		exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
