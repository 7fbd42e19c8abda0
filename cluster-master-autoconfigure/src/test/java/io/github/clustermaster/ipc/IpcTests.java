package io.github.clustermaster.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link IpcServer} and {@link MasterConnection} over a real UNIX socket.
 */
class IpcTests {

	private final RecordingEvents events = new RecordingEvents();

	private final RecordingListener listener = new RecordingListener();

	private IpcServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(this.events);
	}

	@AfterEach
	void closeServer() throws IOException {
		this.server.close();
	}

	@Test
	void theSocketLivesInADirectoryOnlyItsUserMayEnter() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.server.socket().getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aWorkerSaysHelloReportsReadyAndSendsHeartbeats() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 7, this.listener)) {
			connection.ready();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.events.log.containsAll(
						List.of("connected 7 " + ProcessHandle.current().pid(), "ready 7", "heartbeat 7")));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.log.contains("disconnected 7"));
		assertThat(this.listener.lost).isFalse();
	}

	@Test
	void theMasterAsksAWorkerToShutDown() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 1, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.link != null);
			assertThat(this.events.link.requestShutdown()).isTrue();
			await().atMost(Duration.ofSeconds(5)).untilTrue(this.listener.shutdown);
		}
	}

	@Test
	void aWorkerLearnsThatItsMasterIsGone() throws IOException {
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 2, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.link != null);
			this.server.close();
			await().atMost(Duration.ofSeconds(2)).untilTrue(this.listener.lostFlag);
		}
	}

	@Test
	void aConnectionThatDoesNotStartWithHelloIsClosed() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			channel.write(ByteBuffer.wrap("{\"type\":\"ready\"}\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
		assertThat(this.events.log).isEmpty();
	}

	@Test
	void garbageEndsOnlyThatConnection() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			channel.write(ByteBuffer.wrap("\u0000\u00ff not json\n".getBytes(StandardCharsets.ISO_8859_1)));
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
		try (MasterConnection connection = MasterConnection.connect(this.server.socket(), 3, this.listener)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.log.contains("connected 3 " + ProcessHandle.current().pid()));
		}
	}

	@Test
	void anOversizedFrameEndsThatConnection() throws IOException {
		try (SocketChannel channel = rawConnection()) {
			byte[] big = new byte[FrameChannel.MAX_FRAME_BYTES + 10];
			java.util.Arrays.fill(big, (byte) 'x');
			ByteBuffer buffer = ByteBuffer.wrap(big);
			try {
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
			}
			catch (IOException ex) {
				// the server may close before all is written
			}
			assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
		}
	}

	private SocketChannel rawConnection() throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.server.socket()));
		return channel;
	}

	static class RecordingEvents implements WorkerEvents {

		final List<String> log = new CopyOnWriteArrayList<>();

		volatile WorkerLink link;

		@Override
		public void connected(int id, long pid, WorkerLink link) {
			this.link = link;
			this.log.add("connected " + id + " " + pid);
		}

		@Override
		public void ready(int id) {
			this.log.add("ready " + id);
		}

		@Override
		public void heartbeat(int id) {
			if (!this.log.contains("heartbeat " + id)) {
				this.log.add("heartbeat " + id);
			}
		}

		@Override
		public void disconnected(int id) {
			this.log.add("disconnected " + id);
		}

	}

	static class RecordingListener implements MasterConnection.Listener {

		final AtomicBoolean shutdown = new AtomicBoolean();

		final AtomicBoolean lostFlag = new AtomicBoolean();

		volatile boolean lost;

		@Override
		public void shutdownRequested() {
			this.shutdown.set(true);
		}

		@Override
		public void masterLost() {
			this.lost = true;
			this.lostFlag.set(true);
		}

	}

}
