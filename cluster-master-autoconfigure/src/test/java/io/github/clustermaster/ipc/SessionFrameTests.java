package io.github.clustermaster.ipc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.supervisor.NoWorkerEvents;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the session frames between {@link MasterConnection} and {@link IpcServer},
 * over a real UNIX socket.
 */
class SessionFrameTests {

	private final Map<String, SessionData> sessions = new ConcurrentHashMap<>();

	private IpcServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents());
	}

	@AfterEach
	void closeServer() throws IOException {
		this.server.close();
	}

	@Test
	void aSaveThenAFindCarryTheAttributesBytesIntact() throws Exception {
		this.server.serveSessions(this::answer);
		byte[] bytes = { 0, 1, 2, (byte) 0xff, '\n', '"' };
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 3, new NoListener())) {
			Frame.SessionReply saved = connection
				.session(new SessionCall(SessionCall.Op.SAVE, "s1", null, 1000, 1800, Map.of("a", bytes), List.of()),
						Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS);
			assertThat(saved.error()).isNull();
			Frame.SessionReply found = connection.session(SessionCall.find("s1"), Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS);
			assertThat(found.session()).isNotNull();
			assertThat(found.session().attributes().get("a")).isEqualTo(bytes);
			assertThat(found.session().maxInactiveSeconds()).isEqualTo(1800);
			Frame.SessionReply missing = connection.session(SessionCall.find("nope"), Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS);
			assertThat(missing.session()).isNull();
			assertThat(missing.error()).isNull();
		}
	}

	@Test
	void aCallTheStoreRefusesIsAnsweredWithItsErrorAndTheConnectionStaysOpen() throws Exception {
		this.server.serveSessions((worker, call) -> {
			throw new IllegalArgumentException("too large for worker " + worker);
		});
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 4, new NoListener())) {
			Frame.SessionReply reply = connection.session(SessionCall.find("x"), Duration.ofSeconds(5))
				.get(5, TimeUnit.SECONDS);
			assertThat(reply.error()).isEqualTo("too large for worker 4");
			this.server.serveSessions(this::answer);
			assertThat(connection.session(SessionCall.find("x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)
				.error()).isNull();
		}
	}

	@Test
	void aMasterWithoutAStoreSaysSo() throws Exception {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 5, new NoListener())) {
			assertThat(connection.session(SessionCall.find("x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS)
				.error()).contains("cluster.master.sessions.enabled=false");
		}
	}

	@Test
	void aCallFailsWhenTheConnectionIsClosed() throws Exception {
		MasterConnection connection = MasterConnection.connect(this.server.socket(), 6, new NoListener());
		connection.close();
		assertThatExceptionOfType(Exception.class)
			.isThrownBy(() -> connection.session(SessionCall.find("x"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(IpcRequestException.class);
	}

	private SessionAnswer answer(int worker, SessionCall call) {
		return switch (call.op()) {
			case FIND -> SessionAnswer.uncached(this.sessions.get(call.id()));
			case SAVE -> {
				this.sessions.put(call.id(), new SessionData(call.id(), call.creationTime(), call.creationTime(),
						call.maxInactiveSeconds(), call.set()));
				yield SessionAnswer.NONE;
			}
			case DELETE -> {
				this.sessions.remove(call.id());
				yield SessionAnswer.NONE;
			}
			case HAND_OVER -> throw new IllegalArgumentException("not here");
		};
	}

	private static final class NoListener implements MasterConnection.Listener {

		@Override
		public void shutdownRequested() {
		}

		@Override
		public void masterLost() {
		}

	}

}
