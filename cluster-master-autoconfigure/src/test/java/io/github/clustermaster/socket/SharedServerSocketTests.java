package io.github.clustermaster.socket;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SharedServerSocket}, with real child JVMs.
 *
 * @author cluster-master
 */
@EnabledOnOs(OS.LINUX)
class SharedServerSocketTests {

	private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

	@TempDir
	Path temp;

	@Test
	void bindingPortZeroReportsTheActualPort() throws IOException {
		try (SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0)) {
			assertThat(socket.port()).isPositive();
			assertThat(socket.address().getPort()).isEqualTo(socket.port());
			assertThat(socket.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void bindingAPortInUseFailsWithTheAddressAndPort() throws IOException {
		try (SharedServerSocket first = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0)) {
			InetSocketAddress taken = new InetSocketAddress("127.0.0.1", first.port());
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> SharedServerSocket.bind(taken, 0))
				.withMessageContaining("127.0.0.1:" + first.port());
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void theAcceptQueueCountsConnectionsNoOneAcceptedYet() throws IOException {
		try (SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 16)) {
			assertThat(socket.acceptQueue()).isZero();
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					clients.add(new Socket(InetAddress.getLoopbackAddress(), socket.port()));
				}
				assertThat(socket.acceptQueue()).isEqualTo(3);
			}
			finally {
				for (Socket client : clients) {
					client.close();
				}
			}
		}
	}

	@Test
	void theAcceptQueueOfAClosedSocketIsUnknown() throws IOException {
		SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0);
		socket.close();
		assertThat(socket.acceptQueue()).isEqualTo(-1);
	}

	@Test
	void isSupportedOnLinux() {
		assertThat(SharedServerSocket.isSupported()).isTrue();
	}

	@Test
	void stdinRedirectIsCreatedOnceAndReused() throws IOException {
		try (SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0)) {
			assertThat(socket.stdinRedirect()).isSameAs(socket.stdinRedirect());
		}
	}

	@Test
	void stdinRedirectOfAClosedSocketFails() throws IOException {
		SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0);
		socket.close();
		assertThatIllegalStateException().isThrownBy(socket::stdinRedirect).withMessageContaining("closed");
	}

	@Test
	void aChildJvmAcceptsOnTheSocketItInheritedAsStdin() throws Exception {
		List<Process> children = new ArrayList<>();
		try (SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0)) {
			Process child = startProbe(socket, 1, children);
			assertThat(askPid(socket)).isEqualTo(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
			assertExitsCleanly(child);
		}
		finally {
			destroy(children);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void anInheritedListeningSocketIsAdoptedByItsDescriptorAndServesAChild() throws Exception {
		List<Process> children = new ArrayList<>();
		try (ServerSocketChannel passed = ServerSocketChannel.open()) {
			passed.bind(ANY_LOOPBACK_PORT);
			int port = ((InetSocketAddress) passed.getLocalAddress()).getPort();
			int fd = ListeningSocketFd.fromProcfs(Path.of("/proc/self"), port);
			SharedServerSocket socket = SharedServerSocket.adopt(fd);
			assertThat(socket.isAdopted()).isTrue();
			assertThat(socket.address()).isEqualTo(passed.getLocalAddress());
			Process child = startProbe(socket, 1, children);
			assertThat(askPid(socket)).isEqualTo(child.pid());
			assertExitsCleanly(child);
			socket.close();
			assertThat(passed.isOpen()).isTrue();
		}
		finally {
			destroy(children);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void anIpv6ListeningSocketIsAdoptedWithItsAddress() throws Exception {
		try (ServerSocketChannel passed = ServerSocketChannel.open()) {
			passed.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
			int port = ((InetSocketAddress) passed.getLocalAddress()).getPort();
			SharedServerSocket socket = SharedServerSocket.adopt(ListeningSocketFd.fromProcfs(Path.of("/proc/self"), port));
			assertThat(socket.address()).isEqualTo(passed.getLocalAddress());
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aDescriptorThatIsNoListeningSocketIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> SharedServerSocket.adopt(0))
			.withMessageContaining("File descriptor 0");
	}

	@Test
	void twoChildJvmsStartedWithTheSameRedirectBothServe() throws Exception {
		List<Process> children = new ArrayList<>();
		try (SharedServerSocket socket = SharedServerSocket.bind(ANY_LOOPBACK_PORT, 0)) {
			// Each answers 3 connections, then exits: 6 connections must reach both
			Process first = startProbe(socket, 3, children);
			Process second = startProbe(socket, 3, children);
			Set<Long> answeredBy = new HashSet<>();
			for (int i = 0; i < 6; i++) {
				answeredBy.add(askPid(socket));
			}
			assertThat(answeredBy).containsExactlyInAnyOrder(first.pid(), second.pid());
			assertExitsCleanly(first);
			assertExitsCleanly(second);
		}
		finally {
			destroy(children);
		}
	}

	private Process startProbe(SharedServerSocket socket, int connections, List<Process> children)
			throws IOException {
		String java = ProcessHandle.current().info().command().orElseThrow();
		Path output = Files.createTempFile(this.temp, "probe", ".log");
		ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), InheritedChannelProbe.class.getName(),
				String.valueOf(connections));
		builder.redirectInput(socket.stdinRedirect());
		builder.redirectErrorStream(true);
		builder.redirectOutput(Redirect.to(output.toFile()));
		Process child = builder.start();
		children.add(child);
		return child;
	}

	private static long askPid(SharedServerSocket socket) throws IOException {
		try (Socket client = new Socket()) {
			client.connect(socket.address(), 5000);
			client.setSoTimeout(30_000);
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
			return Long.parseLong(reader.readLine());
		}
	}

	private void assertExitsCleanly(Process child) throws Exception {
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(child.exitValue()).as(() -> "exit value, output: " + outputs()).isZero();
	}

	private String outputs() {
		try (var files = Files.list(this.temp)) {
			StringBuilder outputs = new StringBuilder();
			for (Path file : files.toList()) {
				outputs.append('\n').append(file.getFileName()).append(": ").append(Files.readString(file));
			}
			return outputs.toString();
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static void destroy(List<Process> children) throws InterruptedException {
		for (Process child : children) {
			ProcessHandle.of(child.pid()).ifPresent((handle) -> {
				handle.descendants().forEach(ProcessHandle::destroyForcibly);
				handle.destroyForcibly();
			});
		}
		for (Process child : children) {
			child.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
