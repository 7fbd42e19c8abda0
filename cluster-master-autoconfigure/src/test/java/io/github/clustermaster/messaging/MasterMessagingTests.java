package io.github.clustermaster.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.worker.SessionClusterWorker;
import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MasterMessaging} with real workers' sessions over a real UNIX socket.
 */
class MasterMessagingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<ClusterMessageListener> listeners = new CopyOnWriteArrayList<>();

	private final List<WorkerSession> sessions = new ArrayList<>();

	private IpcServer server;

	private MasterMessaging messaging;

	@BeforeEach
	void startMaster() throws IOException {
		this.server = IpcServer.bind();
		this.messaging = new MasterMessaging(this.server, MessageCodec.withDefaults(), () -> this.listeners,
				new MasterEvents());
		// As the master's requests hand the workers' messages on; these tests send no command
		WorkerRequests requests = new WorkerRequests() {

			@Override
			public CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command) {
				return WorkerRequests.NONE.command(worker, command);
			}

			@Override
			public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
				MasterMessagingTests.this.messaging.received(worker, pid, message, seq);
			}

		};
		this.server.serve(new NoWorkerEvents(), requests);
	}

	@AfterEach
	void stopMaster() throws IOException {
		// Sessions first: a session that loses its master exits the JVM.
		this.sessions.forEach(WorkerSession::close);
		this.messaging.close();
		this.server.close();
	}

	@Test
	void aRequestIsAnsweredByTheListenersReplyWithTheSendersIdAndPid() throws Exception {
		this.listeners.add((message) -> message.reply(new Pong(message.payload(Ping.class).ping(),
				message.worker().id(), message.worker().pid())));
		Worker worker = worker(3);
		Pong pong = worker.cluster.request(new Ping("hi"), Pong.class).get(10, TimeUnit.SECONDS);
		assertThat(pong).isEqualTo(new Pong("hi", 3, ProcessHandle.current().pid()));
	}

	@Test
	void repliesToMessagesThatExpectNoneAndBroadcastsArriveAsEventsInEveryWorker() {
		this.listeners.add((message) -> {
			message.reply(new Ping("just you"));
			message.broadcast(new Ping("everyone"));
		});
		Worker one = worker(1);
		Worker two = worker(2);
		await().atMost(WAIT).until(() -> this.messaging.connectedWorkers().equals(List.of(1, 2)));
		one.cluster.send(new Ping("hello"));
		await().atMost(WAIT).until(() -> one.pings().equals(List.of("just you", "everyone")));
		await().atMost(WAIT).until(() -> two.pings().equals(List.of("everyone")));
		assertThat(this.messaging.send(2, new Ping("direct"))).isTrue();
		assertThat(this.messaging.send(9, new Ping("nobody"))).isFalse();
		await().atMost(WAIT).until(() -> two.pings().equals(List.of("everyone", "direct")));
	}

	@Test
	void aThousandMessagesFromOneWorkerArriveInOrder() {
		List<Integer> received = new CopyOnWriteArrayList<>();
		this.listeners.add((message) -> received.add(message.payload().get("n").asInt()));
		Worker worker = worker(1);
		for (int n = 0; n < 1000; n++) {
			worker.cluster.send(java.util.Map.of("n", n));
		}
		await().atMost(WAIT).until(() -> received.size() == 1000);
		assertThat(received).isEqualTo(IntStream.range(0, 1000).boxed().toList());
	}

	@Test
	void aThrowingListenerAnswersTheRequestWithItsErrorAndTheChannelKeepsWorking() throws Exception {
		this.listeners.add((message) -> {
			if (message.payload().get("ping").asString().isEmpty()) {
				throw new IllegalArgumentException("a ping needs a text");
			}
			message.reply(new Pong("ok", message.worker().id(), 0));
		});
		Worker worker = worker(4);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> worker.cluster.request(new Ping(""), Pong.class).get(10, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(ClusterMessageException.class)
			.withMessage("The master answered worker 4's request with an error: "
					+ "The master's listener failed: a ping needs a text");
		worker.cluster.send(new Ping(""));
		assertThat(worker.cluster.request(new Ping("again"), Pong.class).get(10, TimeUnit.SECONDS).echo()).isEqualTo("ok");
	}

	@Test
	void aMessageOverTheLimitFailsInTheSenderAndTheConnectionStaysUp() throws Exception {
		this.listeners.add((message) -> message.reply(message.payload()));
		Worker worker = worker(5);
		String big = "x".repeat(1024 * 1024);
		assertThatExceptionOfType(ClusterMessageException.class).isThrownBy(() -> worker.cluster.send(new Ping(big)))
			.withMessageStartingWith("The message to the master is too large: A message of 1048")
			.withMessageEndingWith("bytes as JSON is over the IPC limit of 1048576 bytes; nothing was sent");
		assertThatExceptionOfType(ClusterMessageException.class).isThrownBy(() -> this.messaging.broadcast(new Ping(big)))
			.withMessageStartingWith("The broadcast message is too large");
		assertThat(worker.cluster.request(new Ping("small"), Ping.class).get(10, TimeUnit.SECONDS))
			.isEqualTo(new Ping("small"));
	}

	@Test
	void aMessageJacksonCannotWriteFailsInTheSender() {
		Worker worker = worker(6);
		assertThatExceptionOfType(ClusterMessageException.class).isThrownBy(() -> worker.cluster.send(new Broken()))
			.withMessageStartingWith("Cannot send a " + Broken.class.getName() + " as JSON: ")
			.withMessageEndingWith("; nothing was sent");
	}

	@Test
	void aRequestWithoutAnyListenerFailsSayingSo() {
		Worker worker = worker(7);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> worker.cluster.request(new Ping("hi"), Pong.class).get(10, TimeUnit.SECONDS))
			.havingCause()
			.withMessageEndingWith("The master has no ClusterMessageListener");
	}

	@Test
	void aRequestNoListenerAnswersTimesOut() {
		this.listeners.add((message) -> {
		});
		Worker worker = worker(8);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> worker.cluster.request(new Ping("hi"), Pong.class, Duration.ofMillis(300))
				.get(10, TimeUnit.SECONDS))
			.havingCause()
			.withMessage("The master did not answer worker 8's message within 300 ms");
	}

	private Worker worker(int id) {
		WorkerSession session = WorkerSession.connect(id, this.server.socket());
		this.sessions.add(session);
		List<MasterMessageEvent> events = new CopyOnWriteArrayList<>();
		SessionClusterWorker cluster = new SessionClusterWorker(session, MessageCodec.withDefaults(),
				(event) -> events.add((MasterMessageEvent) event));
		session.ready();
		return new Worker(cluster, events);
	}

	record Ping(String ping) {
	}

	static class Broken {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	record Pong(String echo, int worker, long pid) {
	}

	record Worker(SessionClusterWorker cluster, List<MasterMessageEvent> events) {

		List<String> pings() {
			return this.events.stream().map((event) -> event.payload(Ping.class).ping()).toList();
		}

	}


}
