package io.github.clustermaster.worker.sharing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterEvent;
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
 * loopback port, bounded load (fresh, keep-alive and slow clients), a rolling restart,
 * then a resize from 3 to 2 while a slow request runs on the worker that stops, then a
 * resize from 2 to 1 under keep-alive load (the drain must be quick: its clients are told
 * to move on). One cluster per class, shared by its ordered tests; the figures are
 * printed and appended to {@code target/port-sharing-figures.txt}.
 *
 * @author cluster-master
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PortSharingScenario {

	/** A worker may take 15 s to boot on a loaded machine; a restart replaces two. */
	protected static final Duration BOOT = Duration.ofSeconds(120);

	/** The time at the start of a log line, as Boot writes it. */
	private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+\\S*)\\s");

	/** Keep-alive clients sending without a pause, as {@code wrk -c8} does. */
	private static final int KEEP_ALIVE_CLIENTS = 8;

	/**
	 * Rolling restarts in a row under load: every worker stopped while clients keep coming
	 * (three, then two, until the suite's time mattered more: each took 35-50 s of a suite's
	 * 135-165 s on a loaded 2-core machine, and the other ITs, the compatibility matrix and
	 * the bench roll many more pools under load).
	 */
	private static final int ROLLING_RESTARTS = 1;

	/**
	 * The longest a drain may take from the master's "Stopping" to the worker's graceful
	 * shutdown, when no request takes longer.
	 */
	private static final Duration QUICK_DRAIN = Duration.ofSeconds(2);

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
		this.cluster.awaitEvent("port-shared", (event) -> event.text("address").equals("127.0.0.1:" + this.port)
				&& event.text("via").startsWith(expectedMechanism()), 0, BOOT);
		Set<Long> pids = awaitAnsweringPids(2);
		assertThat(pids).doesNotContain(this.cluster.pid()).isEqualTo(this.cluster.workerPids());
	}

	@Test
	@Order(2)
	void aRollingRestartUnderLoadFailsNoRequest() {
		awaitAnsweringPids(2);
		Set<Long> stopped = new TreeSet<>();
		int restarts = 0;
		long started = System.nanoTime();
		int from = this.cluster.outputLineCount();
		int fromEvent = this.cluster.eventCount();
		try (LoadClient load = load(2, 400_000, Duration.ofMinutes(6))) {
			for (int i = 0; i < ROLLING_RESTARTS; i++) {
				int mark = this.cluster.eventCount();
				this.cluster.signal("HUP");
				this.cluster.awaitEvent("rollout-done", (event) -> true, mark, BOOT.multipliedBy(2));
				restarts++;
			}
			LoadSummary summary = load.stop();
			List<ClusterEvent> events = this.cluster.events();
			events.subList(fromEvent, events.size())
				.stream()
				.filter((event) -> event.name().equals("worker-stopping"))
				.forEach((event) -> stopped.add(event.number("pid")));
			String line = ROLLING_RESTARTS + " rolling restarts: " + summary.figures() + ", restarts done " + restarts + ", slow answered by "
					+ "stopped workers " + summary.slowAnswers().stream().filter((answer) -> stopped.contains(answer.pid())).count()
					+ ", in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s";
			this.figures.add(line);
			System.out.println(server() + ": " + line);
			assertThat(summary.failures()).as(this.cluster.describe("failures")).isEmpty();
			assertThat(summary.failed()).isZero();
			assertThat(restarts).isEqualTo(ROLLING_RESTARTS);
			assertThat(stopped).hasSize(2 * ROLLING_RESTARTS);
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
			int stopMark = this.cluster.eventCount();
			this.cluster.signal("TTOU");
			long stoppedPid = this.cluster.awaitEvent("worker-stopping", (event) -> true, stopMark, BOOT).number("pid");
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

	@Test
	@Order(4)
	void aWorkerStoppedUnderKeepAliveLoadDrainsWithinTwoSecondsAndItsClientsMoveOnWithoutAFailure() {
		Set<Long> two = awaitAnsweringPids(2);
		long started = System.nanoTime();
		// Requests of 20 ms one after the other: a connection is almost never idle, as under wrk
		try (LoadClient load = LoadClient.builder(this.port)
			.path("/busy?ms=20")
			.threads(1)
			.keepAlive(KEEP_ALIVE_CLIENTS)
			.maxRequests(1_000_000)
			.maxDuration(Duration.ofMinutes(2))
			.start()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.snapshot().pids().containsAll(two));
			int mark = this.cluster.outputLineCount();
			int eventMark = this.cluster.eventCount();
			this.cluster.signal("TTOU");
			long stoppedPid = this.cluster.awaitEvent("worker-stopping", (event) -> true, eventMark, BOOT).number("pid");
			long stopSeen = System.nanoTime();
			await().atMost(BOOT).pollInterval(Duration.ofMillis(20))
				.until(() -> ProcessHandle.of(stoppedPid).map((handle) -> !handle.isAlive()).orElse(true));
			Duration exit = Duration.ofNanos(System.nanoTime() - stopSeen);
			// The worker's own view: from the master's request to the end of the graceful shutdown
			String askedLine = this.cluster.awaitOutput(
					Pattern.compile("\\b" + stoppedPid + "\\b.*the master asks this worker to stop"), mark, BOOT);
			String shutdownLine = this.cluster.awaitOutput(
					Pattern.compile("\\b" + stoppedPid + "\\b.*Graceful shutdown (complete|aborted)"), mark, BOOT);
			Duration drain = Duration.between(logTime(askedLine), logTime(shutdownLine));
			long sentAtExit = load.snapshot().sent();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.snapshot().sent() > sentAtExit + 500);
			LoadSummary summary = load.stop();
			String line = "resize 2->1 under " + KEEP_ALIVE_CLIENTS + " keep-alive clients: " + summary.figures()
					+ ", drained in " + drain.toMillis() + " ms (asked to stop to graceful shutdown complete), exited "
					+ exit.toMillis() + " ms after the stop was seen, in "
					+ Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s";
			this.figures.add(line);
			System.out.println(server() + ": " + line);
			assertThat(summary.failures()).as(this.cluster.describe("failures")).isEmpty();
			assertThat(summary.failed()).isZero();
			assertThat(shutdownLine).contains("Graceful shutdown complete");
			assertThat(drain).as(shutdownLine).isLessThanOrEqualTo(QUICK_DRAIN);
			assertThat(this.cluster.workerPids()).hasSize(1).doesNotContain(stoppedPid);
			assertThat(summary.pids()).containsAll(two);
		}
	}

	private static OffsetDateTime logTime(String line) {
		Matcher time = LOG_TIME.matcher(line);
		assertThat(time.find()).as("a time at the start of: " + line).isTrue();
		return OffsetDateTime.parse(time.group(1));
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
