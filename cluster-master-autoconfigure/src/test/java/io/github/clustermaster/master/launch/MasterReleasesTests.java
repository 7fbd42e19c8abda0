package io.github.clustermaster.master.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.github.clustermaster.events.MasterLog;
import io.github.clustermaster.release.InvalidReleaseException;
import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for how a worker's command line becomes one that launches a release.
 *
 * @author cluster-master
 */
class MasterReleasesTests {

	private static final Release RELEASE = new Release("cd".repeat(32), Path.of("/srv/app.jar"),
			Path.of("/cache/cdcdcdcdcdcdcdcd"), Instant.EPOCH);

	@Test
	void theDeployPathIsTheJarAfterDashJarMadeAbsoluteButNotResolved() {
		assertThat(MasterReleases.deployPath(List.of("java", "-Xmx1g", "-jar", "current/app.jar", "--x=1")))
			.isEqualTo(Path.of("current/app.jar").toAbsolutePath());
	}

	@Test
	void aClassPathLaunchHasNoDeployPath() {
		assertThat(MasterReleases.deployPath(List.of("java", "-cp", "classes:lib/a.jar", "com.example.App"))).isNull();
	}

	@Test
	void aWorkerOfAReleaseLaunchesTheReleasesJarWithEverythingElseUnchanged() {
		List<String> command = List.of("java", "-Xmx1g", "-jar", "/srv/app.jar", "--server.port=8080");
		assertThat(ProcessWorkerLauncher.launching(command, RELEASE)).containsExactly("java", "-Xmx1g", "-jar",
				"/cache/cdcdcdcdcdcdcdcd/app.jar", "--server.port=8080");
	}

	@TempDir
	Path directory;

	@Test
	void aJarThatJavaDashJarCannotRunFailsTheStartNamingTheExecProperty() throws IOException {
		Path jar = jar("library.jar", null);
		assertThatExceptionOfType(InvalidReleaseException.class)
			.isThrownBy(() -> MasterReleases.prepare(List.of("java", "-jar", jar.toString()), true, null, true,
					List.of(), Map.of(), MasterLog::log))
			.withMessage("Invalid cluster.master.exec: java -jar cannot run " + jar
					+ ", so every worker would fail to start: its manifest has no Main-Class");
	}

	@Test
	void aTruncatedJarFailsTheStartNamingTheExecProperty() throws IOException {
		Path truncated = Files.write(this.directory.resolve("truncated.jar"), new byte[] { 'P', 'K', 3, 4, 0 });
		assertThatExceptionOfType(InvalidReleaseException.class)
			.isThrownBy(() -> MasterReleases.prepare(List.of("java", "-jar", truncated.toString()), true, null, true,
					List.of(), Map.of(), MasterLog::log))
			.withMessageStartingWith("Invalid cluster.master.exec: java -jar cannot run " + truncated
					+ ", so every worker would fail to start: it is not a complete jar (truncated or corrupt?)");
	}

	@Test
	void whyJavaDashJarCannotRunAJar() throws IOException {
		Path noManifest = this.directory.resolve("no-manifest.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(noManifest))) {
			out.putNextEntry(new JarEntry("a.txt"));
		}
		Path truncated = Files.write(this.directory.resolve("truncated.jar"), new byte[] { 'P', 'K', 3, 4, 0 });
		assertThat(MasterReleases.unrunnable(noManifest)).isEqualTo("it has no manifest");
		assertThat(MasterReleases.unrunnable(jar("library.jar", null))).isEqualTo("its manifest has no Main-Class");
		assertThat(MasterReleases.unrunnable(truncated)).startsWith("it is not a complete jar (truncated or corrupt?): ");
		assertThat(MasterReleases.unrunnable(jar("plain.jar", "com.example.Main"))).isNull();
	}

	@Test
	void aPlainRunnableJarRunsFromWhereItIsWithoutARelease() throws IOException {
		Path jar = jar("plain.jar", "com.example.Main");
		try (MasterReleases releases = MasterReleases.prepare(List.of("java", "-jar", jar.toString()), false, null,
				true, List.of(), Map.of(), MasterLog::log)) {
			assertThat(releases.initial()).isNull();
		}
	}

	private Path jar(String name, @Nullable String mainClass) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (mainClass != null) {
			manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
		}
		Path jar = this.directory.resolve(name);
		try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			out.flush();
		}
		return jar;
	}

	@Test
	void aReleaseCannotBeLaunchedByAClassPathCommand() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProcessWorkerLauncher.launching(List.of("java", "-cp", "x", "com.example.App"), RELEASE))
			.withMessageStartingWith("A release needs a -jar launch");
	}

}
