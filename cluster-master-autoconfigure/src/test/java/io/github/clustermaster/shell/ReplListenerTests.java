package io.github.clustermaster.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import io.github.clustermaster.master.ReplAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link ReplListener}: the socket file's mode, stale and foreign files, and
 * the warning for a TCP address other machines can reach.
 */
class ReplListenerTests {

	@TempDir
	Path directory;

	@Test
	void aStaleSocketFileIsReplaced() throws IOException {
		Path path = this.directory.resolve("repl.sock");
		ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		dead.bind(UnixDomainSocketAddress.of(path));
		dead.close();
		assertThat(path).exists();
		try (ReplListener listener = ReplListener.open(ReplAddress.parse(path.toString()))) {
			assertThat(Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0140600);
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				assertThat(listener.channel().accept()).isNotNull();
			}
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void aSocketAnotherProcessListensOnIsLeftAlone() throws IOException {
		Path path = this.directory.resolve("repl.sock");
		try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			live.bind(UnixDomainSocketAddress.of(path));
			assertThatIOException().isThrownBy(() -> ReplListener.open(ReplAddress.parse(path.toString())))
				.withMessage("Cannot listen for the REPL on unix:" + path + ": another process (another master?) "
						+ "listens there; stop it or set cluster.master.repl to another path or false");
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				assertThat(live.accept()).isNotNull();
			}
		}
	}

	@Test
	void aFileThatIsNotASocketIsLeftAlone() throws IOException {
		Path path = Files.writeString(this.directory.resolve("application.yml"), "precious");
		assertThatIOException().isThrownBy(() -> ReplListener.open(ReplAddress.parse(path.toString())))
			.withMessageContaining("the file exists and is not a socket");
		assertThat(path).hasContent("precious");
	}

	@Test
	void aMissingDirectoryIsNamed() {
		Path path = this.directory.resolve("missing/repl.sock");
		assertThatIOException().isThrownBy(() -> ReplListener.open(ReplAddress.parse(path.toString())))
			.withMessageStartingWith("Cannot listen for the REPL on unix:" + path);
	}

	@Test
	void aSocketFileReplacedMeanwhileIsNotRemoved() throws IOException {
		Path path = this.directory.resolve("repl.sock");
		ReplListener listener = ReplListener.open(ReplAddress.parse(path.toString()));
		Files.delete(path);
		try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			successor.bind(UnixDomainSocketAddress.of(path));
			listener.close();
			assertThat(path).exists();
		}
	}

	@Test
	void aSocketInADeepDirectoryIsStillOwnerOnly() throws IOException {
		// A 90-byte directory: the private directory inside it would make the path too long
		// for a UNIX socket (108 bytes), so the socket is bound in place.
		Path base = this.directory.toAbsolutePath();
		Path deep = Files.createDirectory(base.resolve("d".repeat(90 - base.toString().length() - 1)));
		Path path = deep.resolve("r");
		assertThat(deep.toString()).hasSize(90);
		try (ReplListener listener = ReplListener.open(ReplAddress.parse(path.toString()))) {
			assertThat(Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0140600);
			assertThat(deep).isDirectoryContaining((file) -> file.equals(path))
				.isDirectoryNotContaining((file) -> !file.equals(path));
		}
		assertThat(deep).isEmptyDirectory();
	}

	@Test
	void loopbackAddressesNeedNoWarning() {
		assertThat(ReplListener.exposureWarning(new InetSocketAddress("127.0.0.1", 3001))).isNull();
		assertThat(ReplListener.exposureWarning(new InetSocketAddress("::1", 3001))).isNull();
		assertThat(ReplListener.exposureWarning(new InetSocketAddress("localhost", 3001))).isNull();
	}

	@Test
	void anyOtherAddressIsWarnedAbout() {
		assertThat(ReplListener.exposureWarning(new InetSocketAddress("0.0.0.0", 3001)))
			.startsWith("The REPL listens on 0.0.0.0:3001, which is not a loopback address: anyone who can reach "
					+ "it controls the cluster");
		assertThat(ReplListener.exposureWarning(new InetSocketAddress("192.0.2.7", 3001))).isNotNull();
	}

}
