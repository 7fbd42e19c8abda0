package io.github.clustermaster.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.clustermaster.supervisor.WorkerStats;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link FrameChannel}'s reading of lines however the bytes arrive, over a real
 * Unix domain socket.
 *
 * @author cluster-master
 */
class FrameChannelTests {

	@TempDir
	Path directory;

	private SocketChannel writer;

	private FrameChannel reader;

	@BeforeEach
	void connect() throws IOException {
		Path socket = this.directory.resolve("frames.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			this.writer = SocketChannel.open(StandardProtocolFamily.UNIX);
			this.writer.connect(UnixDomainSocketAddress.of(socket));
			this.reader = new FrameChannel(server.accept());
		}
		finally {
			Files.deleteIfExists(socket);
		}
	}

	@AfterEach
	void close() throws IOException {
		this.writer.close();
		this.reader.close();
	}

	@Test
	void preparingAKindOfFrameSendsNothingAndFramesOfThatKindAreReadAsBefore() throws IOException {
		FrameChannel.prepare(new Frame.Promote(0));
		send(line(new Frame.Promote(3)));
		assertThat(this.reader.read()).isEqualTo(new Frame.Promote(3));
	}

	@Test
	void theFramesOfAWorkersBootRehearsedForATrainingRunReadBackAsTheyWereWritten() {
		WorkerStats stats = new WorkerStats(12, 1, 2, 200, 1L << 20, 1L << 30, 1L << 26, 5, 3);
		assertThat(MasterConnection.rehearseBoot(stats)).containsExactly(new Frame.Heartbeat(stats),
				new Frame.Secret("training run"), new Frame.Apply(1L, "loggers:name", Map.of("configuredLevel", "INFO")),
				new Frame.Ready());
	}

	@Test
	void readsSeveralFramesThatArriveInOneWrite() throws IOException {
		send(line(new Frame.Hello(1, 11)), line(new Frame.Hello(2, 22)), line(new Frame.Hello(3, 33)));
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(1, 11));
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(2, 22));
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(3, 33));
	}

	@Test
	void readsAFrameThatArrivesByteByByte() throws IOException {
		byte[] line = FrameChannel.encode(new Frame.Hello(7, 4242));
		for (byte b : line) {
			send(new byte[] { b });
		}
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(7, 4242));
	}

	@Test
	void readsFramesLongerThanTheBufferAndTheFrameAfterThem() throws IOException {
		String text = "x".repeat(100_000);
		Frame.Metrics big = new Frame.Metrics(5, text);
		Thread sender = new Thread(() -> {
			try {
				send(FrameChannel.encode(big), line(new Frame.Hello(9, 99)));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		sender.start();
		assertThat(this.reader.read()).isEqualTo(big);
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(9, 99));
		join(sender);
	}

	@Test
	void endsCleanlyAtTheEndOfTheStreamBetweenFrames() throws IOException {
		send(line(new Frame.Hello(1, 11)));
		this.writer.close();
		assertThat(this.reader.read()).isEqualTo(new Frame.Hello(1, 11));
		assertThat(this.reader.read()).isNull();
	}

	@Test
	void aStreamThatEndsInTheMiddleOfAFrameIsAnError() throws IOException {
		send("{\"type\":\"hello\",\"id\":1".getBytes(StandardCharsets.UTF_8));
		this.writer.close();
		assertThatIOException().isThrownBy(this.reader::read).withMessageContaining("middle of a frame");
	}

	@Test
	void aLineLongerThanTheLimitIsAnError() throws IOException {
		Thread sender = new Thread(() -> {
			try {
				send(new byte[FrameChannel.MAX_FRAME_BYTES + 10]);
			}
			catch (IOException ex) {
				// the reader gave up and closed: expected
			}
		});
		sender.start();
		assertThatIOException().isThrownBy(this.reader::read)
			.withMessage("Frame longer than " + FrameChannel.MAX_FRAME_BYTES + " bytes");
		this.reader.close();
		join(sender);
	}

	@Test
	void aMalformedLineIsAnError() throws IOException {
		send("not json\n".getBytes(StandardCharsets.UTF_8));
		assertThatIOException().isThrownBy(this.reader::read).withMessageStartingWith("Malformed frame");
	}

	private static byte[] line(Frame frame) {
		return FrameChannel.encode(frame);
	}

	private void send(byte[]... lines) throws IOException {
		for (byte[] line : lines) {
			ByteBuffer buffer = ByteBuffer.wrap(line);
			while (buffer.hasRemaining()) {
				this.writer.write(buffer);
			}
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
