package io.github.clustermaster.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterProcess} with plain commands standing in for a master.
 *
 * @author cluster-master
 */
class ClusterProcessTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final List<ClusterProcess> started = new ArrayList<>();

	@AfterEach
	void closeAll() {
		this.started.forEach(ClusterProcess::close);
	}

	private ClusterProcess start(ClusterProcess.Builder builder) {
		ClusterProcess cluster = builder.start();
		this.started.add(cluster);
		return cluster;
	}

	@Test
	void closeKillsTheMasterAndItsChildrenByPid() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "sleep 300 & sleep 300 & echo started; wait"));
		cluster.awaitOutput(Pattern.compile("started"), TIMEOUT);
		List<ProcessHandle> children = awaitChildren(cluster, 2);
		cluster.close();
		assertThat(cluster.isAlive()).isFalse();
		assertThat(children).noneMatch(Processes::isRunning);
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	void aSignalTheMasterIgnoresFailsAtOnceSayingWhy() {
		// As a master started under nohup: the signal is ignored from the start, and a JVM keeps it so
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "trap '' HUP; echo started; exec sleep 300"));
		cluster.awaitOutput(Pattern.compile("started"), TIMEOUT);
		await().atMost(TIMEOUT).until(() -> Signals.ignores(cluster.pid(), "HUP"));
		assertThatIllegalStateException().isThrownBy(() -> cluster.signal("HUP"))
			.withMessageContaining("ignores SIGHUP")
			.withMessageContaining("nohup");
		assertThat(Signals.ignores(cluster.pid(), "TERM")).isFalse();
		cluster.signal("TERM");
		await().atMost(TIMEOUT).until(() -> !cluster.isAlive());
	}

	@Test
	void closeKillsChildrenLeftBehindByAMasterThatWasKilled() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "sleep 300 & sleep 300 & echo started; wait"));
		List<ProcessHandle> children = awaitChildren(cluster, 2);
		cluster.signal("KILL");
		assertThat(cluster.awaitExit(TIMEOUT)).isEqualTo(137);
		assertThat(children).allMatch(Processes::isRunning);
		assertThat(cluster.survivingDescendants()).containsExactlyInAnyOrderElementsOf(pids(children));
		cluster.close();
		assertThat(children).noneMatch(Processes::isRunning);
	}

	@Test
	void closeKillsAChildThatWasOrphanedBeforeAnySample() {
		ClusterProcess cluster = start(
				ClusterProcess.command("bash", "-c", "(sleep 300 & echo orphan $!) ; echo exiting"));
		String line = cluster.awaitOutput(Pattern.compile("^orphan \\d+"), TIMEOUT);
		ProcessHandle orphan = ProcessHandle.of(Long.parseLong(line.split(" ")[1])).orElseThrow();
		assertThat(cluster.awaitExit(TIMEOUT)).isZero();
		assertThat(Processes.isRunning(orphan)).isTrue();
		cluster.close();
		assertThat(Processes.isRunning(orphan)).isFalse();
	}

	@Test
	void workerPidsAreTheLiveJavaChildrenOfTheMaster() {
		ClusterProcess cluster = start(ClusterProcess.command(ForkingMain.command("parent", "2")));
		String line = cluster.awaitOutput(Pattern.compile("^parent \\d+ forked"), TIMEOUT);
		Set<Long> workers = cluster.awaitWorkers(2, TIMEOUT);
		assertThat(line).contains(workers.stream().map(String::valueOf).toList());
		long victim = workers.iterator().next();
		cluster.signal(victim, "KILL");
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.workerPids()).hasSize(1).doesNotContain(victim));
		cluster.close();
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(Processes::isRunning).orElse(false));
	}

	@Test
	void awaitEventReadsTheEventLogTheMasterIsToldToWriteInItsWorkingDirectory() throws Exception {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c",
				"echo '{\"event\":\"worker-ready\",\"worker\":1,\"pid\":11}' >> \"$CLUSTER_MASTER_EVENTLOG\"; "
						+ "printf '{\"event\":\"worker-ready\",\"worker\":2,' >> \"$CLUSTER_MASTER_EVENTLOG\"; "
						+ "echo ready; while [ ! -e go ]; do sleep 0.05; done; echo '\"pid\":12}' >> \"$CLUSTER_MASTER_EVENTLOG\"; sleep 300"));
		cluster.awaitOutput(Pattern.compile("ready"), TIMEOUT);
		assertThat(cluster.events()).singleElement().hasToString("{\"event\":\"worker-ready\",\"worker\":1,\"pid\":11}");
		assertThat(cluster.awaitEvent("worker-ready", TIMEOUT).number("pid")).isEqualTo(11);
		int mark = cluster.eventCount();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> cluster.awaitEvent("worker-ready", (event) -> event.isWorker(2), mark,
					Duration.ofMillis(200)))
			.withMessageContaining("No worker-ready event that matches within PT0.2S")
			.withMessageContaining("the 0 last of 0 events seen after #1")
			.withMessageContaining("cluster-events.jsonl");
		Files.createFile(cluster.workingDirectory().resolve("go"));
		ClusterEvent second = cluster.awaitEvent("worker-ready", (event) -> event.isWorker(2), mark, TIMEOUT);
		assertThat(second.isPid(12)).isTrue();
		assertThat(second.flag("spare")).isFalse();
		assertThat(cluster.events()).hasSize(2);
	}

	@Test
	void signalSendsTheNamedSignalToTheMaster() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c",
				"trap 'echo got TERM; exit 7' TERM; echo ready; sleep 300 & wait"));
		cluster.awaitOutput(Pattern.compile("ready"), TIMEOUT);
		cluster.signal("SIGTERM");
		assertThat(cluster.awaitOutput(Pattern.compile("got"), TIMEOUT)).isEqualTo("got TERM");
		assertThat(cluster.awaitExit(TIMEOUT)).isEqualTo(7);
	}

	@Test
	void signalRefusesAPidOutsideTheCluster() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "sleep 300"));
		assertThatIllegalArgumentException().isThrownBy(() -> cluster.signal(ProcessHandle.current().pid(), "TERM"))
			.withMessageContaining("Refusing");
		assertThatIllegalArgumentException().isThrownBy(() -> cluster.signal("TERM; rm"));
	}

	@Test
	void awaitOutputReturnsTheFirstMatchingLineFromTheGivenLine() {
		ClusterProcess cluster = start(
				ClusterProcess.command("bash", "-c", "echo one 1; echo two 2; echo three 3; sleep 300"));
		assertThat(cluster.awaitOutput(Pattern.compile("\\d"), TIMEOUT)).isEqualTo("one 1");
		assertThat(cluster.awaitOutput(Pattern.compile("\\d"), 1, TIMEOUT)).isEqualTo("two 2");
		await().atMost(TIMEOUT).until(() -> cluster.outputLineCount() == 3);
		assertThat(cluster.output()).containsExactly("one 1", "two 2", "three 3");
	}

	@Test
	void awaitOutputFailsWithTheTailOfTheOutputOnTimeout() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c",
				"for i in $(seq 1 60); do echo line $i; done; sleep 300"));
		cluster.awaitOutput(Pattern.compile("line 60"), TIMEOUT);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> cluster.awaitOutput(Pattern.compile("never"), Duration.ofMillis(300)))
			.withMessageContaining("No line matching /never/")
			.withMessageContaining("running")
			.withMessageContaining("last 50 lines")
			.withMessageContaining("line 11\n")
			.withMessageEndingWith("line 60")
			.satisfies((error) -> assertThat(error.getMessage()).doesNotContain("line 10\n"));
	}

	@Test
	void awaitOutputFailsAsSoonAsTheOutputEnds() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "echo bye; exit 3"));
		long start = System.nanoTime();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> cluster.awaitOutput(Pattern.compile("never"), Duration.ofSeconds(30)))
			.withMessageContaining("Output ended")
			.withMessageContaining("bye");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(cluster.awaitExit(TIMEOUT)).isEqualTo(3);
	}

	@Test
	void awaitExitFailsWithTheTailOfTheOutputWhenStillRunning() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "echo busy; sleep 300"));
		cluster.awaitOutput(Pattern.compile("busy"), TIMEOUT);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> cluster.awaitExit(Duration.ofMillis(200)))
			.withMessageContaining("Still running")
			.withMessageContaining("busy");
	}

	@Test
	void eachClusterRunsInAFreshDirectoryWithItsEnvironmentAndLogsToAFile() throws Exception {
		ClusterProcess first = start(ClusterProcess.command("bash", "-c", "echo \"$GREETING from $PWD\"")
			.env("GREETING", "hello"));
		ClusterProcess second = start(ClusterProcess.command("bash", "-c", "echo \"$GREETING from $PWD\"")
			.env("GREETING", "hi")
			.name("other"));
		assertThat(first.awaitExit(TIMEOUT)).isZero();
		assertThat(second.awaitExit(TIMEOUT)).isZero();
		assertThat(first.workingDirectory()).isNotEqualTo(second.workingDirectory());
		assertThat(first.output()).containsExactly("hello from " + first.workingDirectory().toRealPath());
		assertThat(second.output()).containsExactly("hi from " + second.workingDirectory().toRealPath());
		assertThat(second.logFile().getFileName()).hasToString("other-" + second.pid() + ".log");
		assertThat(Files.readAllLines(first.logFile())).isEqualTo(first.output());
		first.close();
		assertThat(first.workingDirectory()).doesNotExist();
		assertThat(first.logFile()).exists();
	}

	@Test
	void aNamedWorkingDirectoryIsKept(@TempDir Path temp) {
		Path directory = temp.resolve("named");
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "touch marker").workingDirectory(directory));
		assertThat(cluster.awaitExit(TIMEOUT)).isZero();
		cluster.close();
		assertThat(directory.resolve("marker")).exists();
	}

	@Test
	void aCommandThatCannotStartFailsNamingIt() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> start(ClusterProcess.command("/nonexistent/cluster-master")))
			.withMessageContaining("Could not start /nonexistent/cluster-master");
	}

	@Test
	void jvmArgumentsGoBeforeTheJar() {
		List<String> line = ClusterProcess.jar(Path.of("app.jar"))
			.jvmArgs("-Xmx64m")
			.args("--server.port=0")
			.commandLine();
		assertThat(line.get(0)).endsWith("java");
		assertThat(line.subList(1, line.size())).containsExactly("-Xmx64m", "-jar",
				Path.of("app.jar").toAbsolutePath().toString(), "--server.port=0");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> ClusterProcess.command("bash").jvmArgs("-Xmx64m"));
	}

	@Test
	void jarRunsWithJavaDashJarAndTheJvmArguments(@TempDir Path temp) throws Exception {
		Path jar = launcherJar(temp.resolve("forking.jar"));
		ClusterProcess cluster = start(ClusterProcess.jar(jar).jvmArgs("-Xmx48m", "-Dharness.check=yes").args("parent", "1"));
		cluster.awaitOutput(Pattern.compile("^parent \\d+ forked"), TIMEOUT);
		Set<Long> workers = cluster.awaitWorkers(1, TIMEOUT);
		List<String> arguments = ProcessHandle.of(cluster.pid()).orElseThrow().info().arguments().map(List::of).orElseThrow();
		assertThat(arguments).containsSubsequence("-Xmx48m", "-Dharness.check=yes", "-jar", jar.toAbsolutePath().toString(),
				"parent", "1");
		cluster.close();
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(Processes::isRunning).orElse(false));
	}

	@Test
	void aMainClassRunsOnThisJvmsClassPathWithoutTheExcludedEntriesAsFromAShell() {
		List<String> line = ClusterProcess.mainClass(ForkingMain.class)
			.excludingClassPath(Pattern.compile("/junit-"))
			.defaultSignals()
			.jvmArgs("-Xmx32m")
			.args("parent", "1")
			.commandLine();
		assertThat(line.subList(0, 2)).containsExactly("env", "--default-signal=HUP,INT,TERM");
		assertThat(line.get(2)).endsWith("java");
		assertThat(line.subList(3, 5)).containsExactly("-Xmx32m", "-cp");
		assertThat(line.get(5)).contains("test-classes").doesNotContain("/junit-");
		assertThat(line.subList(6, line.size())).containsExactly(ForkingMain.class.getName(), "parent", "1");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> ClusterProcess.jar(Path.of("app.jar")).excludingClassPath(Pattern.compile("x")));
	}

	@Test
	void aMainClassReadsTheGivenStdinAndLacksTheRemovedVariables(@TempDir Path temp) throws Exception {
		Path input = Files.writeString(temp.resolve("input"), "from stdin\n");
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "read line; echo \"$line, HOME=${HOME-unset}\"")
			.stdin(ProcessBuilder.Redirect.from(input.toFile()))
			.withoutEnv("HOME"));
		assertThat(cluster.awaitOutput(Pattern.compile("from stdin"), TIMEOUT)).isEqualTo("from stdin, HOME=unset");
		assertThat(cluster.awaitExit(TIMEOUT)).isZero();
	}

	@Test
	void aQuietProcessEchoesNothingAndLogsToTheGivenFile(@TempDir Path temp) throws Exception {
		Path log = temp.resolve("quiet.log");
		PrintStream original = System.out;
		ByteArrayOutputStream echoed = new ByteArrayOutputStream();
		ClusterProcess cluster;
		System.setOut(new PrintStream(echoed, true, StandardCharsets.UTF_8));
		try {
			cluster = start(ClusterProcess.command("bash", "-c", "echo one; echo two").name("quiet").quiet().logFile(log));
			assertThat(cluster.awaitExit(TIMEOUT)).isZero();
			cluster.close();
		}
		finally {
			System.setOut(original);
		}
		assertThat(cluster.logFile()).isEqualTo(log);
		assertThat(Files.readAllLines(log)).containsExactly("one", "two");
		assertThat(cluster.output()).containsExactly("one", "two");
		assertThat(echoed.toString(StandardCharsets.UTF_8)).doesNotContain("[quiet]", "[harness]");
	}

	@Test
	void stopAsksWithSigtermAndWaitsForTheMasterToExit() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c",
				"trap 'sleep 0.3; echo stopped on TERM; exit 0' TERM; echo ready; sleep 300 & wait"));
		cluster.awaitOutput(Pattern.compile("ready"), TIMEOUT);
		assertThat(cluster.stop(TIMEOUT)).isTrue();
		assertThat(cluster.isAlive()).isFalse();
		assertThat(cluster.output()).contains("stopped on TERM");
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	void stopKillsAMasterThatDoesNotExitWithinTheGrace() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "trap '' TERM; echo ready; sleep 300 & wait"));
		cluster.awaitOutput(Pattern.compile("ready"), TIMEOUT);
		List<ProcessHandle> children = awaitChildren(cluster, 1);
		long start = System.nanoTime();
		assertThat(cluster.stop(Duration.ofMillis(500))).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
		assertThat(cluster.isAlive()).isFalse();
		assertThat(children).noneMatch(Processes::isRunning);
	}

	@Test
	void closeKillsAnOrphanLeftBetweenTwoRareSamples() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "sleep 1; (sleep 300 & echo orphan $!); echo exiting")
			.sampleInterval(Duration.ofMinutes(5)));
		String line = cluster.awaitOutput(Pattern.compile("^orphan \\d+"), TIMEOUT);
		ProcessHandle orphan = ProcessHandle.of(Long.parseLong(line.split(" ")[1])).orElseThrow();
		assertThat(cluster.awaitExit(TIMEOUT)).isZero();
		cluster.close();
		assertThat(Processes.isRunning(orphan)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ClusterProcess.command("true").sampleInterval(Duration.ZERO));
	}

	@Test
	void closeTwiceDoesNothingMore() {
		ClusterProcess cluster = start(ClusterProcess.command("bash", "-c", "sleep 300"));
		cluster.close();
		cluster.close();
		assertThat(cluster.isAlive()).isFalse();
	}

	private static List<ProcessHandle> awaitChildren(ClusterProcess cluster, int count) {
		ProcessHandle master = ProcessHandle.of(cluster.pid()).orElseThrow();
		await().atMost(TIMEOUT)
			.until(() -> master.children().filter((child) -> child.info().command().orElse("").endsWith("sleep")).count() == count);
		return master.children().toList();
	}

	private static Path launcherJar(Path jar) throws Exception {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ForkingMain.class.getName());
		String classes = ForkingMain.class.getProtectionDomain().getCodeSource().getLocation().toString();
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes);
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			// The manifest is all it needs: the classes come from the Class-Path.
		}
		return jar;
	}

	private static List<Long> pids(List<ProcessHandle> processes) {
		return processes.stream().map(ProcessHandle::pid).toList();
	}

}
