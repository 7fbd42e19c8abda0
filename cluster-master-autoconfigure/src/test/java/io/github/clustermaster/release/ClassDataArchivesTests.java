package io.github.clustermaster.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClassDataArchives}, {@link BootMode} and {@link JavaRuntime}: what
 * needs no real application (the sample's integration tests build, reuse, and rebuild
 * real archives); a training run that never ends is a small jar of
 * {@link HangingTrainingRun}.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class ClassDataArchivesTests {

	private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	private static final Release RELEASE = new Release("ab".repeat(32), Path.of("/srv/app.jar"),
			Path.of("/cache/abababababababab"), Instant.EPOCH);

	@Test
	void withFastStartOffAWorkerBootsPlainWithItsCommandUnchanged() {
		try (ClassDataArchives archives = new ClassDataArchives(false, List.of())) {
			List<String> command = List.of(JAVA, "-Xmx256m", "-jar", RELEASE.launchJar().toString());
			ClassDataArchives.Start start = archives.plan(RELEASE, command, Map.of());
			assertThat(start.mode()).isEqualTo(BootMode.PLAIN);
			assertThat(start.command()).isEqualTo(command);
		}
	}

	@Test
	void workerOptionsThatChooseAnArchiveOfTheirOwnAreLeftAlone() {
		try (ClassDataArchives archives = new ClassDataArchives(true, List.of())) {
			List<String> command = List.of(JAVA, "-XX:SharedArchiveFile=/opt/app.jsa", "-jar",
					RELEASE.launchJar().toString());
			ClassDataArchives.Start start = archives.plan(RELEASE, command, Map.of());
			assertThat(start.mode()).isEqualTo(BootMode.PLAIN);
			assertThat(start.command()).isEqualTo(command);
		}
	}

	@Test
	void jdk25AndLaterUseTheAotCacheAndEarlierOnesDynamicCds() {
		assertThat(BootMode.forJdk(17)).isEqualTo(BootMode.CDS);
		assertThat(BootMode.forJdk(24)).isEqualTo(BootMode.CDS);
		assertThat(BootMode.forJdk(25)).isEqualTo(BootMode.AOT_CACHE);
		Path archive = Path.of("/cache/a.aot");
		assertThat(BootMode.AOT_CACHE.trainingOptions(archive)).containsExactly("-XX:AOTCacheOutput=/cache/a.aot");
		assertThat(BootMode.AOT_CACHE.strictOptions(archive)).containsExactly("-XX:AOTMode=on", "-XX:AOTCache=/cache/a.aot");
		assertThat(BootMode.CDS.trainingOptions(archive)).containsExactly("-XX:ArchiveClassesAtExit=/cache/a.aot");
		assertThat(BootMode.CDS.strictOptions(archive)).containsExactly("-Xshare:on", "-XX:SharedArchiveFile=/cache/a.aot");
	}

	@Test
	void theRuntimeOfAJavaExecutableIsReadFromItsHome() {
		JavaRuntime runtime = JavaRuntime.of(JAVA);
		assertThat(runtime).isNotNull();
		assertThat(runtime.feature()).isEqualTo(Runtime.version().feature());
		assertThat(JavaRuntime.of("/nonexistent/bin/java")).isNull();
	}

	@Test
	void everyJvmOptionOfTheWorkersGivesAnotherArchive() {
		JavaRuntime runtime = JavaRuntime.of(JAVA);
		assertThat(runtime).isNotNull();
		String plain = runtime.key(List.of("-Dspring.profiles.include=worker"));
		assertThat(runtime.key(List.of("-Dspring.profiles.include=worker"))).isEqualTo(plain);
		assertThat(runtime.key(List.of("-Dspring.profiles.include=worker", "-XX:+UseSerialGC"))).isNotEqualTo(plain);
		assertThat(runtime.key(List.of("-Dspring.profiles.include=worker", "-Xmx1g"))).isNotEqualTo(plain);
		assertThat(ClassDataArchives.archiveFile(RELEASE, plain, BootMode.CDS))
			.isEqualTo(Path.of("/cache/abababababababab-" + plain + ".jsa"));
	}

	@Test
	void aTrainingRunEndedByAQuitIsLoggedAndLeavesNoArchiveThatALaterMasterWouldTry(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		Release release = release(directory, "cd", HangingTrainingRun.class);
		List<String> command = command(release);
		BootMode mode = mode();
		Path archive = archive(release, command);
		Path partial = ClassDataArchives.trainingOutput(archive);
		ClassDataArchives quitting = new ClassDataArchives(true, List.of());
		try {
			ClassDataArchives.Start first = quitting.plan(release, command, Map.of());
			assertThat(first.mode()).isEqualTo(BootMode.PLAIN);
			first.whenReady().run();
			// The run has begun its archive (a JVM writes it at exit; this one writes part of one at once)
			await().atMost(Duration.ofSeconds(30)).until(() -> quitting.isTraining() && Files.exists(partial));
		}
		finally {
			quitting.close();
		}
		assertThat(output).contains("Stopped the training run of " + release + ": the master is quitting");
		assertThat(quitting.isTraining()).isFalse();
		assertThat(partial).doesNotExist();
		assertThat(archive).doesNotExist();
		// A master killed outright (SIGKILL) cannot clean up: its partial archive stays under the temporary name
		Files.writeString(partial, "half an archive");
		try (ClassDataArchives later = new ClassDataArchives(true, List.of())) {
			ClassDataArchives.Start start = later.plan(release, command, Map.of());
			assertThat(start.mode()).isEqualTo(BootMode.PLAIN);
			assertThat(start.command()).isEqualTo(command);
			assertThat(later.isTraining()).as("nothing to check: no archive under its own name").isFalse();
		}
	}

	@Test
	void onTwoCoresATrainingRunWaitsUntilThePoolBootsNoWorkerAndOnManyItRunsBesideTheBoots(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		Release release = release(directory, "ef", HangingTrainingRun.class);
		List<String> command = command(release);
		try (ClassDataArchives twoCores = new ClassDataArchives(true, List.of(), 2)) {
			twoCores.workersBooting(1);
			twoCores.plan(release, command, Map.of()).whenReady().run();
			await().atMost(Duration.ofSeconds(30)).until(twoCores::isWaiting);
			assertThat(twoCores.isTraining()).isFalse();
			assertThat(output).contains("is built once the pool boots no worker: a training run now would slow "
					+ "their boots on 2 cores");
			twoCores.workersBooting(2);
			assertThat(twoCores.isWaiting()).isTrue();
			twoCores.workersBooting(0);
			assertThat(twoCores.isWaiting()).isFalse();
			await().atMost(Duration.ofSeconds(30)).until(twoCores::isTraining);
		}
		try (ClassDataArchives manyCores = new ClassDataArchives(true, List.of(), 16)) {
			manyCores.workersBooting(2);
			manyCores.plan(release, command, Map.of()).whenReady().run();
			await().atMost(Duration.ofSeconds(30)).until(manyCores::isTraining);
			assertThat(manyCores.isWaiting()).as("16 cores: 2 boots and a training run fit").isFalse();
		}
	}

	@Test
	void anArchiveAnEarlierMasterBuiltServesALaterMastersFirstWorkersOnceChecked(@TempDir Path directory,
			CapturedOutput output) throws Exception {
		Release release = release(directory, "12", QuickTrainingRun.class);
		List<String> command = command(release);
		BootMode mode = mode();
		Path archive = archive(release, command);
		try (ClassDataArchives earlier = new ClassDataArchives(true, List.of())) {
			earlier.reuse(release, command, Map.of());
			assertThat(earlier.plan(release, command, Map.of()).mode()).as("no archive yet").isEqualTo(BootMode.PLAIN);
			earlier.plan(release, command, Map.of()).whenReady().run();
			await().atMost(Duration.ofSeconds(60)).until(() -> earlier.plan(release, command, Map.of()).mode() == mode);
		}
		assertThat(archive).isRegularFile();
		try (ClassDataArchives later = new ClassDataArchives(true, List.of())) {
			later.reuse(release, command, Map.of());
			ClassDataArchives.Start first = later.plan(release, command, Map.of());
			assertThat(first.mode()).as("the first worker of the later master").isEqualTo(mode);
			assertThat(first.command()).containsSubsequence(mode.options(archive)).endsWith("-jar",
					release.launchJar().toString());
		}
		assertThat(output).contains("Reusing the " + mode + " archive " + archive);
		// An archive the JVM rejects is not used: the first workers boot plain, and it is rebuilt later
		Files.delete(archive);
		Files.writeString(archive, "not an archive");
		try (ClassDataArchives later = new ClassDataArchives(true, List.of())) {
			later.reuse(release, command, Map.of());
			assertThat(later.plan(release, command, Map.of()).mode()).isEqualTo(BootMode.PLAIN);
		}
	}

	/** A release in a directory whose launch jar runs a main class, and nothing else. */
	private static Release release(Path directory, String hex, Class<?> main) throws IOException {
		Release release = new Release(hex.repeat(32), Path.of("/srv/app.jar"), directory.resolve(hex.repeat(8)),
				Instant.EPOCH);
		Files.createDirectories(release.directory());
		writeJar(release.launchJar(), main);
		return release;
	}

	/** A worker's command line for a release: two JVM options, then {@code -jar}. */
	private static List<String> command(Release release) {
		return List.of(JAVA, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", release.launchJar().toString());
	}

	/** How workers boot with an archive on this JDK. */
	private static BootMode mode() {
		JavaRuntime runtime = JavaRuntime.of(JAVA);
		assertThat(runtime).isNotNull();
		return BootMode.forJdk(runtime.feature());
	}

	/** The archive of a release for a command line, on this JDK. */
	private static Path archive(Release release, List<String> command) {
		JavaRuntime runtime = JavaRuntime.of(JAVA);
		assertThat(runtime).isNotNull();
		return ClassDataArchives.archiveFile(release, runtime.key(command.subList(1, 3)), mode());
	}

	private static void writeJar(Path jar, Class<?> main) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
		String entry = main.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file, manifest);
				InputStream bytes = main.getClassLoader().getResourceAsStream(entry)) {
			out.putNextEntry(new JarEntry(entry));
			bytes.transferTo(out);
			out.closeEntry();
		}
	}

}

/**
 * A training run that never ends: it writes the first bytes of the archive it was asked
 * for, as a JVM killed while it dumps one leaves them, then waits.
 */
final class HangingTrainingRun {

	private HangingTrainingRun() {
	}

	public static void main(String[] args) throws Exception {
		for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			for (String prefix : List.of("-XX:ArchiveClassesAtExit=", "-XX:AOTCacheOutput=")) {
				if (option.startsWith(prefix)) {
					Files.writeString(Path.of(option.substring(prefix.length())), "the first bytes of an archive");
				}
			}
		}
		Thread.sleep(Duration.ofMinutes(5).toMillis());
	}

}

/**
 * A training run that ends at once, so the JVM writes its archive at exit.
 */
final class QuickTrainingRun {

	private QuickTrainingRun() {
	}

	public static void main(String[] args) {
		System.out.println("trained");
	}

}
