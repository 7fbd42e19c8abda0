package io.github.clustermaster.session;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers' copies of sessions over a real master: an {@link IpcServer} with the pool's
 * {@link SessionStore}, and workers on real UNIX socket connections, each with its
 * {@link SessionCopies}. What one worker writes, the next request on another reads,
 * without a round trip for a session nobody changed.
 */
class SharedSessionCopiesTests {

	private IpcServer server;

	private final List<MasterConnection> connections = new ArrayList<>();

	@BeforeEach
	void startMaster() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents());
		this.server.serveSessions(new SessionStore(DataSize.ofMegabytes(1), System::currentTimeMillis));
	}

	@AfterEach
	void stopMaster() throws IOException {
		for (MasterConnection connection : this.connections) {
			connection.close();
		}
		this.server.close();
	}

	@Test
	void aSessionNobodyChangedIsFoundWithoutARoundTripAndAChangeReachesTheOtherWorkerAtOnce() throws Exception {
		Worker one = worker(1);
		Worker two = worker(2);
		one.client.call(save("s1", "v1"));
		assertThat(value(two.client.call(SessionCall.find("s1")))).isEqualTo("v1");
		int calls = two.calls.get();
		for (int i = 0; i < 100; i++) {
			assertThat(value(two.client.call(SessionCall.find("s1")))).isEqualTo("v1");
		}
		assertThat(two.calls.get()).as("finds answered from the copy").isEqualTo(calls);
		for (int i = 2; i <= 50; i++) {
			// The save is answered once worker two dropped its copy: its next find reads it
			one.client.call(save("s1", "v" + i));
			assertThat(value(two.client.call(SessionCall.find("s1")))).isEqualTo("v" + i);
			assertThat(value(one.client.call(SessionCall.find("s1")))).isEqualTo("v" + i);
		}
		two.client.call(SessionCall.delete("s1"));
		assertThat(one.client.call(SessionCall.find("s1"))).isNull();
	}

	@Test
	void aNewIdAtLoginDropsTheCopiesUnderTheOldOne() throws Exception {
		Worker one = worker(1);
		Worker two = worker(2);
		one.client.call(save("anonymous", "csrf"));
		two.client.call(SessionCall.find("anonymous"));
		one.client.call(new SessionCall(SessionCall.Op.SAVE, "logged-in", "anonymous", 1, 1800,
				Map.of("v", "user".getBytes()), List.of()));
		assertThat(two.client.call(SessionCall.find("anonymous"))).isNull();
		assertThat(value(two.client.call(SessionCall.find("logged-in")))).isEqualTo("user");
	}

	@Test
	void aWorkerThatDoesNotConfirmDelaysTheSaveByTheTimeoutOnlyAndLeavingConfirmsAtOnce() throws Exception {
		Worker one = worker(1);
		CountDownLatch release = new CountDownLatch(1);
		Worker hung = worker(2, release);
		one.client.call(save("s1", "v1"));
		hung.client.call(SessionCall.find("s1"));
		long started = System.nanoTime();
		one.client.call(save("s1", "v2"));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
		release.countDown();
		Worker three = worker(3);
		three.client.call(SessionCall.find("s1"));
		three.connection.close();
		started = System.nanoTime();
		one.client.call(save("s1", "v3"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a worker that left has no copy")
			.isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void beforeTheStoreMovesEveryWorkerDropsEveryCopy() throws Exception {
		Worker one = worker(1);
		Worker two = worker(2);
		one.client.call(save("s1", "v1"));
		one.client.call(save("s2", "v1"));
		two.client.call(SessionCall.find("s1"));
		two.client.call(SessionCall.find("s2"));
		assertThat(two.copies.size()).isEqualTo(2);
		this.server.invalidateAllSessions();
		assertThat(two.copies.size()).isZero();
	}

	@Test
	void theRequestsOfAWorkerShareTheObjectsReadFromItsCopyAndAChangeInPlaceReachesTheOtherWorker()
			throws Exception {
		SessionAttributes codec = new SessionAttributes(getClass().getClassLoader());
		Worker one = worker(1);
		Worker two = worker(2);
		ArrayList<String> cart = new ArrayList<>(List.of("book"));
		one.client.call(new SessionCall(SessionCall.Op.SAVE, "s1", null, 1, 1800,
				Map.of("cart", codec.serialize("cart", cart)), List.of()));
		FoundSession first = two.client.find("s1");
		FoundSession second = two.client.find("s1");
		assertThat(second).as("the copy").isSameAs(first);
		Object read = first.attribute("cart", codec);
		assertThat(second.attribute("cart", codec)).as("read once, shared").isSameAs(read);
		assertThat(one.client.find("s1").attribute("cart", codec)).as("another worker's own")
			.isNotSameAs(read)
			.isEqualTo(read);
		@SuppressWarnings("unchecked")
		List<String> shared = (List<String>) read;
		Object mark = codec.mark(shared);
		shared.add("pen");
		byte[] changed = codec.changedInPlace("cart", shared, mark, first.data().attributes().get("cart"));
		assertThat(changed).isNotNull();
		two.client.call(new SessionCall(SessionCall.Op.SAVE, "s1", null, 1, 1800, Map.of("cart", changed),
				List.of()));
		assertThat(one.client.find("s1").attribute("cart", codec)).isEqualTo(List.of("book", "pen"));
		assertThat(two.client.find("s1")).as("its own copy went with its change").isNotSameAs(first);
	}

	private Worker worker(int id) throws IOException {
		return worker(id, null);
	}

	private Worker worker(int id, CountDownLatch hangUntil) throws IOException {
		SessionCopies copies = new SessionCopies(System::nanoTime);
		MasterConnection connection = MasterConnection.connect(this.server.socket(), id,
				new MasterConnection.Listener() {

					@Override
					public void shutdownRequested() {
					}

					@Override
					public void masterLost() {
					}

					@Override
					public void sessionsInvalidated(List<String> ids) {
						if (hangUntil != null) {
							try {
								hangUntil.await(10, TimeUnit.SECONDS);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
							}
						}
						copies.invalidate(ids);
					}

				});
		this.connections.add(connection);
		AtomicInteger calls = new AtomicInteger();
		SessionStoreClient client = new SessionStoreClient((call) -> {
			calls.incrementAndGet();
			return connection.session(call, Duration.ofSeconds(5));
		}, copies);
		return new Worker(connection, client, copies, calls);
	}

	private static SessionCall save(String id, String value) {
		return new SessionCall(SessionCall.Op.SAVE, id, null, 1, 1800, Map.of("v", value.getBytes()), List.of());
	}

	private static String value(SessionData session) {
		assertThat(session).isNotNull();
		return new String(session.attributes().get("v"));
	}

	private record Worker(MasterConnection connection, SessionStoreClient client, SessionCopies copies,
			AtomicInteger calls) {

	}

}
