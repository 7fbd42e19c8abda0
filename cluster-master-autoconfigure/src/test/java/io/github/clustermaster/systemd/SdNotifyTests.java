package io.github.clustermaster.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SdNotify} against a real datagram socket standing in for systemd's.
 */
class SdNotifyTests {

	@TempDir
	Path dir;

	@Test
	void notificationsArriveAsOneDatagramEach() throws IOException {
		Path socket = this.dir.resolve("notify");
		try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
			systemd.bind(AFUNIXSocketAddress.of(socket));
			try (SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()))) {
				assertThat(notify).isNotNull();
				notify.send("READY=1\nSTATUS=2/2 workers ready");
				notify.send("WATCHDOG=1");
			}
			assertThat(receive(systemd)).isEqualTo("READY=1\nSTATUS=2/2 workers ready");
			assertThat(receive(systemd)).isEqualTo("WATCHDOG=1");
		}
	}

	@Test
	void anAbstractSocketNameStartsWithAnAt() throws IOException {
		String name = "cluster-master-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
			systemd.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
			try (SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
				notify.send("STOPPING=1");
			}
			assertThat(receive(systemd)).isEqualTo("STOPPING=1");
		}
	}

	@Test
	void withoutNotifySocketThereIsNothingToNotify() throws IOException {
		assertThat(SdNotify.fromEnvironment(Map.of())).isNull();
	}

	@Test
	void aSocketThatIsGoneIsLoggedNotThrown() throws IOException {
		try (SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", this.dir.resolve("gone").toString()))) {
			notify.send("READY=1");
			notify.send("READY=1");
		}
	}

	private static String receive(AFUNIXDatagramChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		channel.receive(buffer);
		buffer.flip();
		return StandardCharsets.UTF_8.decode(buffer).toString();
	}

}
