package io.github.clustermaster.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.ReplClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master's REPL on one real cluster of two workers, shared by the tests in order:
 * sessions, every command, bad input, and at last {@code stop} from the REPL. A second
 * master without workers shows the TCP form and {@code kill}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplIT {

	private static final Duration BOOT = ClusterIT.BOOT;

	private static final Pattern PIDS = Pattern.compile("\\{(\\d+): (\\d+), (\\d+): (\\d+)}");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	static Path socket;

	static int replPort;

	static ClusterProcess tcpMaster;

	@BeforeAll
	static void startClusters() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("repl-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s"));
		socket = cluster.workingDirectory().resolve("cluster-master-socket");
		// Started now, so that its start overlaps the workers' boot.
		replPort = FreePort.find();
		tcpMaster = clusters.start(SampleJar.master()
			.name("repl-tcp-it")
			.args("--server.port=" + FreePort.find(), "--cluster.master.size=0", "--cluster.master.repl=" + replPort));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	@Test
	@Order(1)
	void theMasterListensOnASocketInItsWorkingDirectoryThatOnlyItsOwnerCanUse() throws IOException {
		cluster.awaitEvent("repl-listening", (event) -> event.text("address").startsWith("unix:" + socket + " "), BOOT);
		assertThat(Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0140600);
		try (ReplClient client = ReplClient.connect(socket)) {
			assertThat(client.prompt()).isEqualTo("ClusterMaster (`help` for cmds) " + cluster.pid() + " "
					+ client.session() + "> ");
		}
	}

	@Test
	@Order(2)
	void twoSessionsAtOnceAnswerIndependently() {
		try (ReplClient first = ReplClient.connect(socket); ReplClient second = ReplClient.connect(socket)) {
			assertThat(second.session()).isNotEqualTo(first.session());
			assertThat(pidsOf(first.run("pids"))).isEqualTo(cluster.workerPids());
			assertThat(second.run("connections")).isEqualTo("2");
			assertThat(pidsOf(second.run("select('pid')"))).isEqualTo(cluster.workerPids());
			int from = cluster.outputLineCount();
			String line = "debug from session " + second.session() + ": hello from the second session";
			assertThat(second.run("debug hello from the second session")).isEqualTo(line);
			// The first session is blocked reading its client: the message reaches it anyway.
			assertThat(first.awaitUnread(Pattern.compile(Pattern.quote(line + "\n" + first.prompt()) + "$"),
					Duration.ofSeconds(10)))
				.isEqualTo("\n" + line + "\n" + first.prompt());
			cluster.awaitOutput(Pattern.compile("^" + Pattern.quote(line) + "$"), from, Duration.ofSeconds(10));
		}
	}

	@Test
	@Order(3)
	void everyCommandThatReadsTheClusterAnswers() {
		Set<Long> workers = cluster.awaitWorkers(2, BOOT);
		try (ReplClient client = ReplClient.connect(socket)) {
			assertThat(client.run("help")).contains("help", "repl", "resize", "restart", "stop", "kill", "cluster",
					"size", "connections", "workers", "select", "pids", "ages", "states", "debug", "send", "broadcast",
					"sock", "exit");
			assertThat(client.run("help restart")).contains("--env");
			assertThat(client.run("repl")).startsWith("listening on unix:" + socket + " (mode 0600), 1 session\n")
				.endsWith("(this one)");
			assertThat(client.run("cluster")).contains("master      pid " + cluster.pid(), "size        2",
					"workers     2 (2 READY)", "restarting  no", "danger      no");
			assertThat(client.run("size")).isEqualTo("2");
			assertThat(client.run("size()")).isEqualTo("2");
			assertThat(client.run("connections")).isEqualTo("1");
			List<String> table = client.run("workers").lines().toList();
			assertThat(table.get(0)).matches("ID\\s+SLOT\\s+PID\\s+STATE\\s+GEN\\s+AGE\\s+RELEASE\\s+REQUESTS\\s+INFLIGHT\\s+HEAP\\s+RSS\\s+ERRORS\\s+P99");
			assertThat(table.subList(1, table.size())).hasSize(2)
				.allMatch((row) -> row.matches("\\d+\\s+\\d+\\s+\\d+\\s+READY\\s+1\\s+.+\\s+[0-9a-f]{12}\\s+\\d+\\s+\\d+\\s+\\d+/\\d+M\\s+\\d+M\\s+\\d+/\\d+\\s+(\\d+\\.\\dms|-)"));
			String release = client.run("release");
			assertThat(release).matches("(?s)release     [0-9a-f]{12}  .*\\.jar, since .*\nprevious    .*\nlast        .*\n"
					+ "running     [0-9a-f]{12} on workers \\d+, \\d+");
			assertThat(client.run("select release")).matches("\\{\\d+: [0-9a-f]{12}, \\d+: [0-9a-f]{12}}");
			assertThat(table.stream().skip(1).map((row) -> Long.parseLong(row.split("\\s+")[2])))
				.containsExactlyInAnyOrderElementsOf(workers);
			assertThat(pidsOf(client.run("pids"))).isEqualTo(workers);
			assertThat(pidsOf(client.run("select pid"))).isEqualTo(workers);
			assertThat(client.run("states")).matches("\\{\\d+: READY, \\d+: READY}");
			assertThat(client.run("ages")).matches("\\{\\d+: [\\d.hms ]+, \\d+: [\\d.hms ]+}");
			assertThat(client.run("select gen")).matches("\\{\\d+: 1, \\d+: 1}");
			assertThat(client.run("sock")).matches("session " + client.session()
					+ ", local client, open for \\S+ on unix:" + Pattern.quote(socket.toString()) + " \\(mode 0600\\)");
		}
	}

	@Test
	@Order(4)
	void badInputGetsOneLineAndChangesNothing() {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		try (ReplClient client = ReplClient.connect(socket); ReplClient other = ReplClient.connect(socket)) {
			assertThat(client.run("frobnicate")).isEqualTo("Unknown command 'frobnicate'; help lists the commands");
			assertThat(client.run("resize abc")).isEqualTo(
					"resize: expected the number of workers, 0 to 1024, for example: resize 4; got 'abc'");
			assertThat(client.run("resize -1")).isEqualTo(
					"resize: expected the number of workers, 0 to 1024, for example: resize 4; got '-1'");
			assertThat(client.run("resize")).startsWith("resize: expected the number of workers");
			assertThat(client.run("select nosuch"))
				.isEqualTo("select: unknown field 'nosuch'; the fields are id, slot, pid, state, generation, age, release, requests, inflight, share, threads, heap, rss, gc, errors, p99, heartbeat, recycling");
			assertThat(client.run("restart --force")).isEqualTo("restart: unknown option --force (see restart --help)");
			assertThat(client.run("")).isEmpty();
			assertThat(client.run(" \t ")).isEmpty();
			byte[] megabyte = new byte[1024 * 1024];
			Arrays.fill(megabyte, (byte) 'r');
			client.send(megabyte);
			assertThat(client.run("")).isEqualTo("Ignored a line of 1048576 bytes: a line may have at most 4096");
			byte[] garbage = new byte[4000];
			new Random(4).nextBytes(garbage);
			for (int i = 0; i < garbage.length; i++) {
				garbage[i] = (garbage[i] == '\n') ? (byte) 0xFF : garbage[i];
			}
			client.send(garbage);
			assertThat(client.run("")).startsWith("Unknown command '")
				.endsWith("'; help lists the commands")
				.doesNotContain("\n");
			int from = cluster.eventCount();
			try (ReplClient leaving = ReplClient.connect(socket)) {
				leaving.send("resize 5".getBytes(StandardCharsets.UTF_8));
			}
			cluster.awaitEvent("repl-client-left", (event) -> event.number("droppedBytes") == 8, from,
					Duration.ofSeconds(10));
			assertThat(other.unread()).isEmpty();
			// The session says the client left, then the REPL forgets it
			await().atMost(Duration.ofSeconds(10)).until(() -> other.run("connections"), "2"::equals);
			assertThat(other.run("size")).isEqualTo("2");
			assertThat(pidsOf(client.run("pids"))).isEqualTo(before);
			assertThat(client.run("cluster")).contains("size        2", "generation  1", "restarting  no");
		}
		assertThat(cluster.workerPids()).isEqualTo(before);
		assertThat(cluster.events()).extracting(ClusterEvent::name).doesNotContain("pool-resized");
	}

	@Test
	@Order(5)
	void restartWaitsAndGivesTheNewWorkersTheEnvironment() {
		Set<Long> two = cluster.awaitWorkers(2, BOOT);
		try (ReplClient client = ReplClient.connect(socket)) {
			// One worker to replace instead of two: a worker boots in seconds, not milliseconds.
			Matcher oldestFirst = PIDS.matcher(client.run("pids"));
			assertThat(oldestFirst.matches()).isTrue();
			String oldest = oldestFirst.group(1) + ": " + oldestFirst.group(2);
			assertThat(client.run("resize 1")).isEqualTo("Resizing from 2 to 1 worker; waiting until the stopped "
					+ "ones have drained and exited...\n1 worker, 1 ready: {" + oldest + "}");
			assertThat(cluster.awaitWorkers(1, BOOT)).containsExactly(Long.parseLong(oldestFirst.group(2)));
			String answer = client.run("restart --env SAMPLE_REPL=yes");
			assertThat(answer).startsWith("Rolling restart to generation 2 started: replacing 1 worker with the "
					+ "environment [SAMPLE_REPL]; waiting until it is done...\n")
				.containsPattern("\nRolling restart done: generation 2, 1 worker replaced in \\S+, on release [0-9a-f]{12} \\(.*\\.jar\\)$");
			assertThat(client.run("select generation")).matches("\\{\\d+: 2}");
			assertThat(cluster.awaitWorkers(1, BOOT)).doesNotContainAnyElementsOf(two);
		}
		assertThat(environmentAnswers()).containsExactly("SAMPLE_REPL=yes");
	}

	@Test
	@Order(6)
	void resizeAddsWorkersWithTheLatestEnvironment() {
		Set<Long> one = cluster.awaitWorkers(1, BOOT);
		try (ReplClient client = ReplClient.connect(socket)) {
			String grown = client.run("resize(2)");
			assertThat(grown).startsWith("Resizing from 1 to 2 workers; waiting until they are ready...\n")
				.contains("2 workers, 2 ready: ");
			Set<Long> two = cluster.awaitWorkers(2, BOOT);
			assertThat(two).containsAll(one);
			assertThat(pidsOf(client.run("pids"))).isEqualTo(two);
			assertThat(Http.awaitDistinctPids(port, 2, BOOT)).isEqualTo(two);
		}
		assertThat(environmentAnswers()).containsExactly("SAMPLE_REPL=yes");
	}

	@Test
	@Order(7)
	void aScriptPipedThroughSocatPrintsTheAnswersAndEnds() throws Exception {
		Path socat = Path.of("/usr/bin/socat");
		Assumptions.assumeTrue(Files.isExecutable(socat), "socat is not installed (.ci/run installs it)");
		Process process = new ProcessBuilder(socat.toString(), "-t", "5", "-", "UNIX-CONNECT:" + socket)
			.redirectErrorStream(true)
			.start();
		try {
			try (OutputStream stdin = process.getOutputStream()) {
				stdin.write("pids\nexit\n".getBytes(StandardCharsets.UTF_8));
			}
			ByteArrayOutputStream stdout = new ByteArrayOutputStream();
			try (InputStream output = process.getInputStream()) {
				output.transferTo(stdout);
			}
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).isZero();
			String transcript = stdout.toString(StandardCharsets.UTF_8);
			Matcher pids = PIDS.matcher(transcript);
			assertThat(pids.find()).as(transcript).isTrue();
			assertThat(pidsOf(pids.group())).isEqualTo(cluster.workerPids());
			assertThat(transcript).matches("(?s)ClusterMaster \\(`help` for cmds\\) " + cluster.pid()
					+ " \\d+> \\{.*}\nClusterMaster \\(`help` for cmds\\) " + cluster.pid() + " \\d+> Bye\\.\n");
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	@Order(8)
	void stopQuitsGracefullyClosesEverySessionAndRemovesTheSocket() {
		Set<Long> workers = cluster.awaitWorkers(2, BOOT);
		try (ReplClient idle = ReplClient.connect(socket); ReplClient client = ReplClient.connect(socket)) {
			assertThat(client.run("stop")).isEqualTo(
					"Quitting: stopping 2 workers gracefully; the master exits with code 0 once they are gone");
			assertThat(idle.awaitEnd(Duration.ofSeconds(60)))
				.isEqualTo("\nThe master is stopping; closing session " + idle.session() + ".\n");
		}
		assertThat(cluster.awaitExit(Duration.ofSeconds(60))).isZero();
		assertThat(socket).doesNotExist();
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	@Order(9)
	void aBarePortListensOnLoopbackOnlyAndKillQuitsHard() throws IOException {
		tcpMaster.awaitEvent("repl-listening", (event) -> event.text("address").equals("tcp:127.0.0.1:" + replPort)
				&& !event.has("socketFile"), BOOT);
		assertThat(listeners(replPort)).containsExactly("127.0.0.1");
		assertThat(tcpMaster.workingDirectory().resolve("cluster-master-socket")).doesNotExist();
		try (ReplClient client = ReplClient.connect(new InetSocketAddress("127.0.0.1", replPort))) {
			assertThat(client.run("sock")).startsWith("session 1, client 127.0.0.1:");
			assertThat(client.run("kill()")).isEqualTo("Killing 0 workers; the master exits with code 1");
		}
		assertThat(tcpMaster.awaitExit(Duration.ofSeconds(60))).isOne();
	}

	/**
	 * The local addresses of the sockets listening on a TCP port, from {@code /proc/net}
	 * (an IPv4 address mapped to IPv6 is shown as IPv4).
	 */
	private static List<String> listeners(int port) throws IOException {
		String hexPort = String.format(Locale.ROOT, ":%04X", port);
		List<String> addresses = new ArrayList<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			for (String line : Files.readAllLines(Path.of(table))) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 3 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
					addresses.add(address(fields[1].substring(0, fields[1].indexOf(':'))));
				}
			}
		}
		return addresses;
	}

	/**
	 * An address as {@code /proc/net} shows it: hexadecimal 32-bit words in host order.
	 */
	private static String address(String hex) throws IOException {
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int at = word * 8 + (3 - i) * 2;
				bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		return InetAddress.getByAddress(bytes).getHostAddress();
	}

	private static Set<String> environmentAnswers() {
		Set<String> answers = new TreeSet<>();
		for (int i = 0; i < 8; i++) {
			answers.add(Http.get(port, "/env/SAMPLE_REPL").body().strip().replaceAll("^\\d+ worker \\d+ ", ""));
		}
		return answers;
	}

	private static Set<Long> pidsOf(String map) {
		Matcher matcher = PIDS.matcher(map);
		assertThat(matcher.matches()).as(map).isTrue();
		return new TreeSet<>(List.of(Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(4))));
	}

}
