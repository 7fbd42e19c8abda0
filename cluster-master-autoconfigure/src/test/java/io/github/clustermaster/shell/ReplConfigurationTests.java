package io.github.clustermaster.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.master.ReplAddress;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.testsupport.ReplClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link ReplConfiguration}: the four forms of {@code cluster.master.repl}, and
 * no REPL without Spring Shell.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ReplConfiguration.class, ReplTestConfiguration.class)
		.withBean(WorkerPoolManager.class, () -> new FakePool(2));

	@Test
	void aPathListensOnAUnixSocketOnlyItsOwnerCanUse() {
		Path socket = this.directory.resolve("cluster-master-socket");
		this.runner.withPropertyValues("cluster.master.repl=" + socket).run((context) -> {
			assertThat(context).hasSingleBean(ReplServer.class).hasSingleBean(ReplShell.class);
			assertThat(Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0140600);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
			assertThat(this.directory).isDirectoryNotContaining((file) -> !file.equals(socket));
			try (ReplClient client = ReplClient.connect(socket)) {
				assertThat(client.run("size")).isEqualTo("2");
			}
		});
		assertThat(socket).doesNotExist();
	}

	@Test
	void aBarePortListensOnLoopbackOnly() throws IOException {
		int port = freePort();
		this.runner.withPropertyValues("cluster.master.repl=" + port).run((context) -> {
			ReplServer server = context.getBean(ReplServer.class);
			assertThat(server.localAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
			assertThat(server.description()).isEqualTo("tcp:127.0.0.1:" + port);
			try (ReplClient client = ReplClient.connect(new InetSocketAddress("127.0.0.1", port))) {
				assertThat(client.run("sock"))
					.matches("session 1, client 127\\.0\\.0\\.1:\\d+, open for \\S+ on tcp:127\\.0\\.0\\.1:" + port);
			}
		});
	}

	@Test
	void anAddressAndPortListenOnThatAddress() throws IOException {
		int port = freePort();
		// 127.0.0.2 is loopback too on Linux, yet not what a bare port binds.
		this.runner.withPropertyValues("cluster.master.repl=127.0.0.2:" + port).run((context) -> {
			ReplServer server = context.getBean(ReplServer.class);
			assertThat(server.localAddress()).isEqualTo(new InetSocketAddress("127.0.0.2", port));
			try (ReplClient client = ReplClient.connect(new InetSocketAddress("127.0.0.2", port))) {
				assertThat(client.run("pids")).isEqualTo("{1: 4001, 2: 4002}");
			}
		});
	}

	@Test
	void falseOrEmptyTurnsTheReplOff() {
		for (String off : new String[] { "false", "", "off" }) {
			this.runner.withPropertyValues("cluster.master.repl=" + off)
				.run((context) -> assertThat(context).hasNotFailed()
					.doesNotHaveBean(ReplServer.class)
					.doesNotHaveBean(ReplShell.class)
					.doesNotHaveBean(ReplCommands.class));
		}
	}

	@Test
	void withoutSpringShellThereIsNoRepl() {
		this.runner.withPropertyValues("cluster.master.repl=" + this.directory.resolve("repl.sock"))
			.withClassLoader(new FilteredClassLoader("org.springframework.shell"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ReplServer.class)
				.doesNotHaveBean(ReplShell.class));
		assertThat(this.directory.resolve("repl.sock")).doesNotExist();
	}

	@Test
	void anInvalidValueFailsTheStartNamingTheProblem() {
		this.runner.withPropertyValues("cluster.master.repl=99999")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cluster.master.repl")
				.hasMessageContaining("port must be between 1 and 65535, got 99999"));
	}

	@Test
	void aPortInUseFailsTheStartNamingIt() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			this.runner.withPropertyValues("cluster.master.repl=" + taken.getLocalPort())
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.hasStackTraceContaining("Cannot listen for the REPL on tcp:127.0.0.1:" + taken.getLocalPort()));
		}
	}

	@Test
	void aDefaultSocketThatCannotBeCreatedLeavesTheMasterWithoutARepl(CapturedOutput output) throws IOException {
		Path missing = this.directory.resolve("missing/cluster-master-socket");
		ReplAddress unreachable = ReplAddress.parse(missing.toString());
		ReplShell shell = ReplShell.of(new StaticApplicationContext(), new Object());
		assertThat(ReplServer.listen(unreachable, false, shell, System.out, new MasterEvents())).isNull();
		assertThat(output).contains("Cannot listen for the REPL on unix:" + missing)
			.contains("The master runs without a REPL; set cluster.master.repl (or CLUSTER_MASTER_REPL)");
		assertThatIOException().isThrownBy(() -> ReplServer.listen(unreachable, true, shell, System.out, new MasterEvents()));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
