package io.github.clustermaster.worker.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.clustermaster.worker.WorkerWarmup;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * The private port of a WebFlux worker's warm-up: a second Reactor Netty server on the
 * loopback address and an ephemeral port, serving the application's own
 * {@link HttpHandler} (its web filters, Spring Security, the handlers), bound when the
 * warm-up starts and disposed of when it ends, before the shared socket opens.
 *
 * @author cluster-master
 */
public final class NettyWarmupServer implements WorkerWarmup.PrivatePort {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Supplier<HttpHandler> handler;

	private volatile @Nullable DisposableServer server;

	/**
	 * Create the private server of the application's handler.
	 * @param handler the application's handler, asked for when the warm-up starts
	 */
	public NettyWarmupServer(Supplier<HttpHandler> handler) {
		this.handler = handler;
	}

	@Override
	public synchronized int localPort() {
		DisposableServer server = this.server;
		if (server == null) {
			server = HttpServer.create()
				.bindAddress(() -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
				.handle(new ReactorHttpHandlerAdapter(this.handler.get()))
				.bindNow(TIMEOUT);
			this.server = server;
		}
		return ((InetSocketAddress) server.address()).getPort();
	}

	@Override
	public synchronized void close() {
		DisposableServer server = this.server;
		if (server != null) {
			server.disposeNow(TIMEOUT);
		}
	}

}
