package io.github.clustermaster.worker.sharing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The zero-drop proof for one embedded server: a real master with 2 workers on a shared
 * loopback port, bounded load (fresh, keep-alive and slow clients), 3 rolling restarts,
 * then a resize from 3 to 2 while a slow request runs on the worker that stops. One
 * cluster per class, shared by its ordered tests; the figures are printed and appended to
 * {@code target/port-sharing-figures.txt}.
 *
 * @author cluster-master
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PortSharingScenario {

	/** A worker may take 15 s to boot on a loaded machine; a restart replaces two. */
	protected static final Duration BOOT = Duration.ofSeconds(120);

	private static final Pattern STOPPING = Pattern.compile("Stopping Worker \\d+ \\(pid (\\d+)\\)");

	private ClusterProcess cluster;

	private int port;

	private final List<String> figures = new ArrayList<>();

	/**
	 * The server's name in the figures.
	 * @return the name
	 */
	protected abstract String server();

	/**
	 * The application to run.
	 * @return its main class
	 */
	protected abstract Class<?> application();

	/**
	 * Class path entries the child JVMs must not have: the other servers.
	 * @return the pattern
	 */
	protected abstract Pattern excludedClassPath();

	/**
	 * What the master must say about how the workers share the port.
	 * @return the mechanism, as in "Workers share :port via …"
	 */
	protected abstract String expectedMechanism();

	/**
	 * Extra program arguments.
	 * @return the arguments
	 */
	protected List<String> extraArgs() {
		return List.of();
	}

	@BeforeAll
	void startCluster(@TempDir Path directory) {
		this.port = FreePort.find();
		List<String> args = new ArrayList<>(List.of("--server.port=" + this.port, "--server.address=127.0.0.1",
				"--cluster.master.size=2", "--cluster.master.min-restart-age=1s", "--cluster.master.repl=false",
				"--spring.main.banner-mode=off", "--logging.level.io.github.clustermaster.worker=debug"));
		args.addAll(extraArgs());
		this.cluster = SharingMasters.master(application(), excludedClassPath())
			.workingDirectory(directory)
			.args(args.toArray(String[]::new))
			.start();
	}

	@AfterAll
	void stopCluster() throws IOException {
		if (this.cluster != null) {
			this.cluster.close();
		}
		String summary = server() + ": " + String.join("; ", this.figures);
		System.out.println("PORT SHARING FIGURES " + summary);
		Path file = Path.of("target", "port-sharing-figures.txt");
		if (Files.isDirectory(file.getParent())) {
			Files.writeString(file, summary + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
	}

	@Test
	@Order(1)
	void theMasterSaysHowWorkersShareThePortAndTwoWorkersServeIt() {
		this.cluster.awaitOutput(Pattern.compile(Pattern.quote("Workers share 127.0.0.1:" + this.port + " via "
				+ expectedMechanism())), 0, BOOT);
		Set<Long> pids = awaitAnsweringPids(2);
		assertThat(pids).doesNotContain(this.cluster.pid()).isEqualTo(this.cluster.workerPids());
	}

	@Test
	@Order(2)
	void threeRollingRestartsUnderLoadFailNoRequest() {
		awaitAnsweringPids(2);
		Set<Long> stopped = new TreeSet<>();
		int restarts = 0;
		long started = System.nanoTime();
		int from = this.cluster.outputLineCount();
		try (LoadClient load = load(2, 400_000, Duration.ofMinutes(6))) {
			for (int i = 0; i < 3; i++) {
				int mark = this.cluster.outputLineCount();
				this.cluster.signal("HUP");
				this.cluster.awaitOutput(Pattern.compile("Rolling restart to generation \\d+ done"), mark, BOOT.multipliedBy(2));
				restarts++;
			}
			LoadSummary summary = load.stop();
			List<String> output = this.cluster.output();
			output.subList(from, output.size())
				.stream()
				.map(STOPPING::matcher)
				.filter(Matcher::find)
				.forEach((matcher) -> stopped.add(Long.parseLong(matcher.group(1))));
			String line = "3 rolling restarts: " + summary.figures() + ", restarts done " + restarts + ", slow answered by "
					+ "stopped workers " + summary.slowAnswers().stream().filter((answer) -> stopped.contains(answer.pid())).count()
					+ ", in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s";
			this.figures.add(line);
			System.out.println(server() + ": " + line);
			assertThat(summary.failures()).as(this.cluster.describe("failures")).isEmpty();
			assertThat(summary.failed()).isZero();
			assertThat(restarts).isEqualTo(3);
			assertThat(stopped).hasSize(6);
			assertThat(summary.slowAnswers()).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
			// A stopped worker logs to the end: its drain kept its stdout
			for (long pid : stopped) {
				this.cluster.awaitOutput(Pattern.compile("\\b" + pid + "\\b.*Graceful shutdown complete"), from, BOOT);
			}
		}
	}

	@Test
	@Order(3)
	void aResizeFromThreeToTwoUnderLoadFailsNoRequestAndAnswersTheStoppingWorkersSlowRequest() {
		Set<Long> two = awaitAnsweringPids(2);
		this.cluster.signal("TTIN");
		Set<Long> three = awaitAnsweringPids(3);
		long newest = three.stream().filter((pid) -> !two.contains(pid)).findFirst().orElseThrow();
		long started = System.nanoTime();
		int mark = this.cluster.outputLineCount();
		try (LoadClient load = load(3, 200_000, Duration.ofMinutes(3))) {
			this.cluster.awaitOutput(Pattern.compile(Pattern.quote(SharingMasters.SLOW_STARTED + newest) + "$"), mark,
					BOOT);
			int stopMark = this.cluster.outputLineCount();
			this.cluster.signal("TTOU");
			Matcher stopping = STOPPING.matcher(this.cluster.awaitOutput(STOPPING, stopMark, BOOT));
			assertThat(stopping.find()).isTrue();
			long stoppedPid = Long.parseLong(stopping.group(1));
			long stopSeen = System.nanoTime();
			await().atMost(BOOT).until(() -> ProcessHandle.of(stoppedPid).map((handle) -> !handle.isAlive()).orElse(true));
			long sentAtExit = load.snapshot().sent();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.snapshot().sent() > sentAtExit + 50);
			LoadSummary summary = load.stop();
			List<LoadSummary.SlowAnswer> fromStopped = summary.slowAnswers().stream()
				.filter((answer) -> answer.pid() == stoppedPid && answer.endNanos() > stopSeen)
				.toList();
			String line = "resize 3->2: " + summary.figures() + ", slow requests in flight on the stopping worker answered "
					+ fromStopped.size() + ", in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s";
			this.figures.add(line);
			System.out.println(server() + ": " + line);
			assertThat(stoppedPid).isEqualTo(newest);
			assertThat(summary.failures()).as(this.cluster.describe("failures")).isEmpty();
			assertThat(summary.failed()).isZero();
			assertThat(fromStopped).isNotEmpty().allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
			assertThat(this.cluster.workerPids()).hasSize(2).doesNotContain(stoppedPid);
		}
	}

	private Set<Long> awaitAnsweringPids(int count) {
		return this.cluster.awaitAnsweringWorkers(this.port, count, BOOT);
	}

	/** Fresh, keep-alive and slow clients, each pausing 2 ms between requests. */
	private LoadClient load(int slowClients, long maxRequests, Duration maxDuration) {
		return LoadClient.builder(this.port)
			.threads(2)
			.keepAlive(2)
			.slow(slowClients, "/slow?ms=3000")
			.pause(Duration.ofMillis(2))
			.maxRequests(maxRequests)
			.maxDuration(maxDuration)
			.start();
	}

}
