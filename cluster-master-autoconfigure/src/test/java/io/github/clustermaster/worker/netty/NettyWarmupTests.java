package io.github.clustermaster.worker.netty;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupResult;
import io.github.clustermaster.worker.RawHttp;
import io.github.clustermaster.worker.RequestStats;
import io.github.clustermaster.worker.SpareGate;
import io.github.clustermaster.worker.SpareGates;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.WorkerWarmups;
import io.github.clustermaster.worker.reactive.RequestCountingWebFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link NettyAcceptHold} and {@link NettyWarmupServer} on real Reactor Netty
 * servers: the warm-up is served by a private loopback server of the application's
 * handler while the held server accepts nothing; then the private port is closed, the
 * held server accepts, and only its requests are counted.
 *
 * @author cluster-master
 */
class NettyWarmupTests {

	private DisposableServer shared;

	private HeldServerLoopResources loops;

	@AfterEach
	void stop() {
		if (this.shared != null) {
			this.shared.disposeNow(Duration.ofSeconds(5));
		}
		if (this.loops != null) {
			this.loops.disposeLater().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void theWarmUpIsServedPrivatelyAndUncountedWhileTheHeldServerAcceptsNothing() throws Exception {
		SpareGate gate = SpareGates.of(false);
		WorkerWarmup warmup = WorkerWarmups.of(1, WarmupPlan.count(List.of("/", "/x"), 40, 2, Duration.ofSeconds(30)),
				gate);
		RequestStats stats = new RequestStats();
		HttpHandler handler = WebHttpHandlerBuilder.webHandler((exchange) -> exchange.getResponse()
			.writeWith(Mono.just(exchange.getResponse()
				.bufferFactory()
				.wrap(("port " + exchange.getRequest().getLocalAddress().getPort())
					.getBytes(StandardCharsets.US_ASCII)))))
			.filter(new RequestCountingWebFilter(stats, warmup::isWarmupPort))
			.build();
		NettyListener listener = new NettyListener();
		assertThat(gate.isHeld()).isTrue();
		this.loops = new HeldServerLoopResources(listener);
		this.shared = NettyAcceptHold
			.hold(gate, HttpServer.create()
				.runOn(this.loops)
				.bindAddress(() -> new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
				.doOnBound(listener::bound), listener)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow(Duration.ofSeconds(10));
		int sharedPort = ((InetSocketAddress) this.shared.address()).getPort();
		NettyWarmupServer privateServer = new NettyWarmupServer(() -> handler);
		warmup.listenOn(privateServer);
		// Warm the handler on the private port first: an answer of the held server, if any,
		// would come at once, not after the read timeout below
		warmReactorNetty();
		try (Socket early = new Socket()) {
			early.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sharedPort), 2000);
			early.setSoTimeout(2000);
			RawHttp.send(early);
			assertThat(RawHttp.answers(early)).as("the held server answers nothing before the warm-up").isFalse();
			warmup.run();
			WarmupResult result = warmup.result();
			assertThat(result).isNotNull();
			assertThat(result.timedOut()).isFalse();
			assertThat(result.answered(2)).as(result.summary()).isEqualTo(40);
			early.setSoTimeout(10_000);
			assertThat(RawHttp.read(early.getInputStream())).startsWith("HTTP/1.1 200").endsWith("port " + sharedPort);
		}
		// The filter counts once its exchange completes, which may come after the answer is read
		await().atMost(Duration.ofSeconds(10)).until(() -> stats.served() >= 1);
		assertThat(stats.served()).as("of the 41 requests served, only the held server's is counted").isEqualTo(1);
		int privatePort = privateServer.localPort();
		assertThat(warmup.isWarmupPort(privatePort)).isTrue();
		assertThatExceptionOfType(ConnectException.class).as("the private port is closed")
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), privatePort).close());
	}

	/** Serve a few requests on a server of its own, so that this JVM's Reactor Netty is warm. */
	private static void warmReactorNetty() throws IOException {
		NettyWarmupServer server = new NettyWarmupServer(() -> WebHttpHandlerBuilder
			.webHandler((exchange) -> exchange.getResponse()
				.writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(new byte[] { 'w' }))))
			.build());
		try {
			for (int i = 0; i < 3; i++) {
				try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.localPort())) {
					socket.setSoTimeout(10_000);
					RawHttp.send(socket);
					assertThat(RawHttp.read(socket.getInputStream())).startsWith("HTTP/1.1 200");
				}
			}
		}
		finally {
			server.close();
		}
	}

}
