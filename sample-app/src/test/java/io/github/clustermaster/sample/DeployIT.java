package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deploys with one real cluster started from {@code current/app.jar}, {@code current} a
 * symbolic link to a release directory, as a deploy tool would lay it out. Each release is
 * the sample jar with one more entry ({@code application.properties} setting
 * {@code sample.release}), so {@code GET /release} says which one a worker runs. The tests
 * run in order and each leaves two ready workers; the last ends the cluster with SIGTERM.
 *
 * @author cluster-master
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployIT {

	static final Duration BOOT = Duration.ofSeconds(180);

	static final Duration ARCHIVE = Duration.ofMinutes(6);

	static final Duration ROLLOUT = Duration.ofSeconds(400);

	static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@TempDir
	static Path root;

	static String lastGood;

	static Path current;

	static Path cache;

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() throws IOException {
		Path first = Files.createDirectories(root.resolve("releases/1"));
		SampleJar.release(first.resolve("app.jar"), Map.of("sample.release", "1"));
		current = Files.createSymbolicLink(root.resolve("current"), first);
		cache = root.resolve("cache");
		port = FreePort.find();
		cluster = clusters.start(master("deploy-it", "work"));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	/**
	 * A master of the deploy path, with the release cache of the test. Its rollouts are not
	 * judged by their traffic (CanaryIT is about that): a held first replacement costs a
	 * window.
	 */
	private static ClusterProcess.Builder master(String name, String workingDirectory) {
		return ClusterProcess.jar(root.resolve("current/app.jar"))
			.jvmArgs(SampleJar.jvmOptions())
			.name(name)
			.workingDirectory(root.resolve(workingDirectory))
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.repl=false", "--cluster.master.cache-dir=" + cache,
					"--cluster.master.restart.canary.enabled=false");
	}

	@Test
	@Order(1)
	void workersLaunchThePreparedReleaseNeverTheDeployPath() throws IOException {
		Set<Long> workers = cluster.awaitWorkers(2, BOOT);
		String release = hash(current.resolve("app.jar")).substring(0, 16);
		for (long pid : workers) {
			String command = ProcessHandle.of(pid).flatMap((handle) -> handle.info().commandLine()).orElse("");
			assertThat(command).contains("-jar " + cache.resolve(release).resolve("app.jar"))
				.doesNotContain(root.resolve("current").toString());
		}
		assertThat(releases()).containsOnly("1");
		assertThat(cluster.events()).anyMatch((event) -> event.name().equals("worker-started")
				&& event.text("boot").contains("release " + release.substring(0, 12)) && event.text("boot").endsWith(", boots plain"));
	}

	@Test
	@Order(2)
	void laterWorkersOfAReleaseBootWithItsCdsArchive() throws IOException {
		String release = hash(current.resolve("app.jar")).substring(0, 12);
		cluster.awaitEvent("archive-built", cdsOf(release), 0, ARCHIVE);
		respawnOne("boots with CDS");
		try (Stream<Path> files = Files.list(cache)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.anyMatch((name) -> name.startsWith(release.substring(0, 12)) && name.endsWith(".jsa"));
		}
		// The training run covered the web server's start and a first request, on a port of its own
		Path trainingLog;
		try (Stream<Path> files = Files.list(cache)) {
			trainingLog = files.filter((file) -> file.getFileName().toString().startsWith(release.substring(0, 12))
					&& file.getFileName().toString().endsWith(".jsa.log")).findFirst().orElseThrow();
		}
		String training = Files.readString(trainingLog);
		Matcher started = Pattern.compile("Tomcat started on port (\\d+)").matcher(training);
		assertThat(started.find()).as(training).isTrue();
		assertThat(Integer.parseInt(started.group(1))).isNotEqualTo(port);
		assertThat(training).contains("GET / on 127.0.0.1:" + started.group(1) + " answered \"HTTP/1.1 200")
			.contains("halting now that its web server has started and served one request");
	}

	@Test
	@Order(3)
	void aJarCopiedInPlaceOverTheOneTheMasterRunsFromIsRolledOutAndTheMasterSurvives() throws IOException {
		// The master was started from this very file.
		Path jar = current.resolve("app.jar");
		Object inode = Files.getAttribute(jar, "unix:ino");
		Path built = SampleJar.release(root.resolve("2.jar"), Map.of("sample.release", "2"));
		// What cp does: the same file (inode), truncated and written.
		Files.write(jar, Files.readAllBytes(built));
		assertThat(Files.getAttribute(jar, "unix:ino")).isEqualTo(inode);
		rollOut("2");
		assertThat(cluster.output()).noneMatch((line) -> line.contains("NoClassDefFoundError")
				|| line.contains("ClassNotFoundException") || line.contains("ZipException"));
	}

	@Test
	@Order(4)
	void aJarMovedOverTheDeployPathIsRolledOutByARestartThatWaitsAndItsOutcomeIsInTheStatus() throws IOException {
		String previous = hash(current.resolve("app.jar")).substring(0, 12);
		Path incoming = SampleJar.release(current.resolve(".app.jar.incoming"), Map.of("sample.release", "3"));
		String third = hash(incoming).substring(0, 12);
		Files.move(incoming, current.resolve("app.jar"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		// What a deploy script does: curl -f -X POST .../actuator/cluster/restart?wait=true
		HttpResult answer = rollOut("3", () -> Http.post(port, "/actuator/cluster/restart?wait=true", null, ROLLOUT));
		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		JsonNode outcome = json.readTree(answer.body());
		assertThat(outcome.get("message").asString()).startsWith("Rolling restart done: generation ")
			.contains("2 workers replaced", "on release " + third);
		JsonNode status = await().atMost(Duration.ofSeconds(5))
			.until(() -> ClusterView.get(port), (node) -> node.get("lastRollout").get("result").asString().equals("DONE")
					&& node.get("release").get("id").asString().equals(third));
		assertThat(status.get("release").get("path").asString()).isEqualTo(current.resolve("app.jar").toString());
		assertThat(status.get("previousRelease").get("id").asString()).isEqualTo(previous);
		assertThat(status.get("rollout").isNull()).isTrue();
		assertThat(status.get("lastRollout").get("result").asString()).isEqualTo("DONE");
		assertThat(status.get("workers").valueStream().map((worker) -> worker.get("release").asString()))
			.containsOnly(third);
	}

	@Test
	@Order(5)
	void aSymbolicLinkSwitchedToANewReleaseIsRolledOutBySighup() throws IOException {
		Path fourth = Files.createDirectories(root.resolve("releases/4"));
		lastGood = hash(SampleJar.release(fourth.resolve("app.jar"), Map.of("sample.release", "4"))).substring(0, 12);
		Path link = Files.createSymbolicLink(root.resolve("current.new"), fourth);
		Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		rollOut("4");
	}

	@Test
	@Order(6)
	void aTruncatedJarIsRefusedAndNothingChanges() throws IOException {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		Path jar = current.resolve("app.jar");
		byte[] good = Files.readAllBytes(jar);
		Path truncated = Files.write(root.resolve("truncated.jar"), java.util.Arrays.copyOf(good, good.length / 2));
		Files.move(truncated, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		int from = cluster.eventCount();
		cluster.signal("HUP");
		String refused = cluster.awaitEvent("rollout-refused", (event) -> event.text("reason").matches("Release "
				+ "refused: .* is not a complete jar.*"), from, BOOT).text("reason");
		assertThat(refused).contains(jar.toString());
		assertThat(cluster.events().subList(from, cluster.eventCount())).extracting(ClusterEvent::name)
			.doesNotContain("worker-started", "worker-stopping");
		assertThat(cluster.workerPids()).isEqualTo(before);
		assertThat(releases()).containsOnly("4");
		Files.write(jar, good);
	}

	@Test
	@Order(7)
	void anArchiveTheJvmWouldRejectIsDetectedAndRebuilt() throws IOException {
		String release = hash(current.resolve("app.jar")).substring(0, 12);
		cluster.awaitEvent("archive-built", cdsOf(release), 0, ARCHIVE);
		int from = cluster.eventCount();
		// The JVM matches the jars of an archive by size and time: a touched jar makes it reject the archive.
		Path library;
		try (Stream<Path> libraries = Files.list(cache.resolve(hash(current.resolve("app.jar")).substring(0, 16) + "/lib"))) {
			library = libraries.filter((file) -> file.getFileName().toString().startsWith("spring-core")).findFirst().orElseThrow();
		}
		Files.setLastModifiedTime(library, FileTime.fromMillis(System.currentTimeMillis()));
		respawnOne("boots plain");
		cluster.awaitEvent("archive-stale", (event) -> event.text("mode").equals("CDS")
				&& event.text("changed").contains(library.getFileName().toString()), from, BOOT);
		cluster.awaitEvent("archive-built", cdsOf(release), from, ARCHIVE);
		respawnOne("boots with CDS");
	}

	@Test
	@Order(8)
	void aReleaseThatCannotBootIsAbortedAndARespawnAfterItLaunchesTheGoodRelease() throws IOException {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		// Kept for the last test, which starts a master of it again
		Files.copy(current.resolve("app.jar"), root.resolve("good.jar"), StandardCopyOption.COPY_ATTRIBUTES);
		Path incoming = SampleJar.release(current.resolve(".app.jar.incoming"),
				Map.of("sample.release", "5", "SAMPLE_FAIL_BOOT", "true"));
		Files.move(incoming, current.resolve("app.jar"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		HttpResult answer = Http.post(port, "/actuator/cluster/restart?wait=true", null, ROLLOUT);
		// curl -f fails the deploy job: 409, with the reason.
		assertThat(answer.status()).as(answer.describe()).isEqualTo(409);
		assertThat(json.readTree(answer.body()).get("message").asString())
			.matches("Rolling restart to generation \\d+ aborted because its new Worker \\d+ \\(pid \\d+\\) died with "
					+ "exit code 1 .*, before it was ready; the old workers were kept");
		assertThat(cluster.workerPids()).containsAll(before);
		// Whichever worker answers: its copy of the status is pushed within a second.
		JsonNode status = await().atMost(Duration.ofSeconds(5))
			.until(() -> ClusterView.get(port), (node) -> node.get("lastRollout").get("result").asString().equals("ABORTED"));
		assertThat(status.get("release").get("id").asString()).isEqualTo(lastGood);
		respawnOne("release " + lastGood);
		assertThat(releases()).containsOnly("4");
	}

	@Test
	@Order(9)
	void sigtermEndsTheClusterWithZero() {
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(Duration.ofSeconds(90))).isZero();
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	@Order(10)
	void aLaterMasterOfTheDeployPathBootsItsFirstWorkersWithTheArchiveAnEarlierOneBuilt() throws IOException {
		Files.move(root.resolve("good.jar"), current.resolve("app.jar"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
		// A working directory of its own: its event log, pid file and REPL socket are not the first one's
		ClusterProcess later = clusters.start(master("deploy-it-later", "work-later"));
		for (int worker = 1; worker <= 2; worker++) {
			int id = worker;
			assertThat(later.awaitEvent("worker-started", (event) -> event.number("worker") == id, BOOT).text("boot"))
				.contains("release " + lastGood)
				.endsWith(", boots with CDS");
		}
		assertThat(releases(later)).containsOnly("4");
		later.signal("TERM");
		assertThat(later.awaitExit(Duration.ofSeconds(90))).isZero();
	}

	/** SIGHUP under a client that runs throughout; then every worker serves the release. */
	private static void rollOut(String release) {
		rollOut(release, () -> {
			cluster.signal("HUP");
			return null;
		});
	}

	/**
	 * A rolling restart under a client that runs throughout; then every worker serves the
	 * release.
	 * @return what the trigger returned
	 */
	private static <T> T rollOut(String release, Supplier<T> trigger) {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		LoadSummary summary;
		T triggered;
		try (LoadClient load = LoadClient.sequential(port)
			.maxRequests(100_000)
			.maxDuration(ROLLOUT)
			.start()) {
			int from = cluster.eventCount();
			triggered = trigger.get();
			cluster.awaitEvent("rollout-done", (event) -> !event.flag("rollback") && event.number("replaced") == 2, from,
					ROLLOUT);
			summary = load.stop();
		}
		System.out.println("Rolled out release " + release + ": " + summary.sent() + " requests, " + summary.failed()
				+ " failed");
		assertThat(summary.failures()).isEmpty();
		assertThat(summary.failed()).isZero();
		Set<Long> after = cluster.awaitWorkers(2, BOOT);
		assertThat(after).doesNotContainAnyElementsOf(before);
		assertThat(releases()).containsOnly(release);
		assertThat(cluster.isAlive()).isTrue();
		return triggered;
	}

	/** Kill one worker with SIGKILL; how its replacement boots must contain the text. */
	private static void respawnOne(String boot) {
		Set<Long> before = cluster.awaitWorkers(2, BOOT);
		long victim = before.iterator().next();
		int from = cluster.eventCount();
		cluster.signal(victim, "KILL");
		assertThat(cluster.awaitEvent("worker-started", (event) -> true, from, BOOT).text("boot")).contains(boot);
		await().atMost(BOOT).until(() -> {
			Set<Long> now = cluster.workerPids();
			return now.size() == 2 && !now.contains(victim);
		});
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	/** The releases the workers answer with, asked until both workers answered. */
	private static Set<String> releases() {
		return releases(cluster);
	}

	private static Set<String> releases(ClusterProcess master) {
		Map<Long, String> answers = new HashMap<>();
		await().atMost(BOOT).until(() -> {
			HttpResult result = Http.get(port, "/release");
			if (result.status() == 200) {
				String[] words = result.body().strip().split(" ");
				answers.put(Long.parseLong(words[0]), words[words.length - 1]);
			}
			return answers.keySet().containsAll(master.workerPids()) && master.workerPids().size() == 2;
		});
		answers.keySet().retainAll(master.workerPids());
		return Set.copyOf(answers.values());
	}

	private static String hash(Path jar) throws IOException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The CDS archive of a release, by the first characters of its hash. */
	private static Predicate<ClusterEvent> cdsOf(String release) {
		return (event) -> event.text("mode").equals("CDS") && event.text("release").startsWith("release " + release);
	}

}
