package io.github.clustermaster.worker.sharing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.master.port-sharing=reuse-port} on the servers that have it: the master
 * binds nothing, every worker binds the port with {@code SO_REUSEPORT}, and when one
 * worker stops (a resize down) it leaves the port's group and the other goes on serving.
 * No load here: with {@code net.ipv4.tcp_migrate_req=0} a connection queued on the
 * closing socket is reset, which is why {@code auto} prefers the inherited socket (see
 * the {@link PortSharingScenario} suites for the zero-drop figures).
 *
 * @author cluster-master
 */
@EnabledOnOs(OS.LINUX)
class ReusePortSharingIT {

	private static final Duration BOOT = Duration.ofMinutes(2);

	private static final Path MIGRATE_SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

	@Test
	void jettyWorkersEachBindThePortAndTheOneLeftAfterAResizeServesIt(@TempDir Path directory) throws IOException {
		serveThenShrink(ServletSharingApplication.class, SharingMasters.ONLY_JETTY, "Jetty", directory);
	}

	@Test
	void reactorNettyWorkersEachBindThePortAndTheOneLeftAfterAResizeServesIt(@TempDir Path directory)
			throws IOException {
		serveThenShrink(ReactiveSharingApplication.class, SharingMasters.ONLY_REACTOR_NETTY, "Reactor Netty", directory,
				"--spring.main.web-application-type=reactive");
	}

	private void serveThenShrink(Class<?> application, Pattern excluded, String server, Path directory,
			String... extraArgs) throws IOException {
		int port = FreePort.find();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--cluster.master.size=2", "--cluster.master.port-sharing=reuse-port", "--cluster.master.repl=false",
				"--spring.main.banner-mode=off"));
		args.addAll(Arrays.asList(extraArgs));
		try (ClusterProcess cluster = SharingMasters.master(application, excluded)
			.workingDirectory(directory)
			.args(args.toArray(String[]::new))
			.start()) {
			cluster.awaitEvent("port-shared", (event) -> event.text("address").equals("127.0.0.1:" + port)
					&& event.text("via").equals("SO_REUSEPORT, each worker binding its own socket (" + server + ")"), 0,
					BOOT);
			if (Files.isReadable(MIGRATE_SYSCTL) && Files.readString(MIGRATE_SYSCTL).trim().equals("0")) {
				cluster.awaitOutput(Pattern.compile("net\\.ipv4\\.tcp_migrate_req is 0.*Set it to 1"), 0, BOOT);
			}
			Set<Long> two = cluster.awaitAnsweringWorkers(port, 2, BOOT);
			assertThat(two).doesNotContain(cluster.pid());
			int mark = cluster.outputLineCount();
			cluster.signal("TTOU");
			Set<Long> one = cluster.awaitAnsweringWorkers(port, 1, BOOT);
			assertThat(two).containsAll(one);
			long stopped = two.stream().filter((pid) -> !one.contains(pid)).findFirst().orElseThrow();
			cluster.awaitOutput(Pattern.compile("\\b" + stopped + "\\b.*Graceful shutdown complete"), mark, BOOT);
		}
	}

}
