package io.github.clustermaster.worker.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NettyListener}: what a draining worker does to the connections it has,
 * on Netty's embedded channel (the port-sharing suites prove it on real workers).
 *
 * @author cluster-master
 */
class NettyListenerTests {

	private final NettyListener listener = new NettyListener();

	@Test
	void responsesKeepTheirConnectionUntilTheWorkerDrainsThenSayConnectionClose() {
		EmbeddedChannel channel = http11Connection();
		assertThat(HttpUtil.isKeepAlive(respond(channel))).isTrue();
		this.listener.drain();
		HttpResponse response = respond(channel);
		assertThat(HttpUtil.isKeepAlive(response)).isFalse();
		assertThat(response.headers().get("Connection")).isEqualTo("close");
	}

	@Test
	void aDrainClosesTheConnectionsIdleBetweenRequestsAndThoseThatBecomeIdle() {
		EmbeddedChannel idle = http11Connection();
		EmbeddedChannel serving = http11Connection();
		EmbeddedChannel fresh = http11Connection();
		this.listener.stateChanged(Connection.from(idle), HttpServerState.REQUEST_RECEIVED);
		this.listener.stateChanged(Connection.from(idle), ConnectionObserver.State.RELEASED);
		this.listener.stateChanged(Connection.from(serving), HttpServerState.REQUEST_RECEIVED);
		this.listener.drain();
		runPendingTasks(idle, serving, fresh);
		assertThat(idle.isOpen()).isFalse();
		assertThat(serving.isOpen()).as("its request is answered first").isTrue();
		assertThat(fresh.isOpen()).as("its request may be on its way").isTrue();
		assertThat(this.listener.open()).isEqualTo(2);
		this.listener.stateChanged(Connection.from(serving), ConnectionObserver.State.RELEASED);
		runPendingTasks(serving);
		assertThat(serving.isOpen()).isFalse();
		assertThat(this.listener.closeFresh()).isOne();
		runPendingTasks(fresh);
		assertThat(fresh.isOpen()).isFalse();
		assertThat(this.listener.open()).isZero();
	}

	@Test
	void aConnectionWithoutReactorNettysHttp11HandlerIsNotClosedForLackOfARequest() {
		EmbeddedChannel other = new EmbeddedChannel();
		this.listener.accepted(other);
		this.listener.drain();
		assertThat(this.listener.closeFresh()).isZero();
		runPendingTasks(other);
		assertThat(other.isOpen()).isTrue();
		other.close();
	}

	/** A channel whose pipeline has a handler in the place of Reactor Netty's HTTP/1.1 traffic handler. */
	private EmbeddedChannel http11Connection() {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline().addLast(NettyPipeline.HttpTrafficHandler, new ChannelDuplexHandler());
		this.listener.accepted(channel);
		assertThat(channel.pipeline().get(NettyListener.CLOSE_ON_DRAIN)).isNotNull();
		return channel;
	}

	private static HttpResponse respond(EmbeddedChannel channel) {
		channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
		HttpResponse response = channel.readOutbound();
		assertThat(response).isNotNull();
		return response;
	}

	private static void runPendingTasks(EmbeddedChannel... channels) {
		for (EmbeddedChannel channel : channels) {
			channel.runPendingTasks();
		}
	}

}
