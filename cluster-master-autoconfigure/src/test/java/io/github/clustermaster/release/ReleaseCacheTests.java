package io.github.clustermaster.release;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReleaseCache}, with small synthesized jars and an extraction that
 * copies the jar (Boot's real extraction is covered by the sample's integration tests).
 *
 * @author cluster-master
 */
class ReleaseCacheTests {

	@TempDir
	Path temp;

	private Path deploy;

	private ReleaseCache cache;

	private int extractions;

	@BeforeEach
	void openCache() throws IOException {
		this.deploy = Files.createDirectories(this.temp.resolve("deploy"));
		this.cache = ReleaseCache.open(this.temp.resolve("cache"), (jar, destination, log) -> {
			this.extractions++;
			Files.createDirectories(destination.resolve("lib"));
			Files.copy(jar, destination.resolve("app.jar"));
			Files.writeString(destination.resolve("lib/library.jar"), "library");
		});
	}

	@AfterEach
	void closeCache() {
		this.cache.close();
	}

	@Test
	void theSameContentIsOneReleaseWhateverItsFileAndTime() throws IOException {
		Path jar = bootJar(this.deploy.resolve("app.jar"), "v1");
		Release first = this.cache.prepare(jar);
		Path copy = Files.copy(jar, this.deploy.resolve("copy.jar"));
		Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(0));
		Release second = this.cache.prepare(copy);
		assertThat(second.hash()).isEqualTo(first.hash()).hasSize(64);
		assertThat(second.directory()).isEqualTo(first.directory());
		assertThat(first.launchJar()).isRegularFile().hasSameBinaryContentAs(jar);
		assertThat(this.extractions).isOne();
	}

	@Test
	void aJarWithOtherContentIsAnotherRelease() throws IOException {
		Release first = this.cache.prepare(bootJar(this.deploy.resolve("app.jar"), "v1"));
		Release second = this.cache.prepare(bootJar(this.deploy.resolve("app.jar"), "v2"));
		assertThat(second.hash()).isNotEqualTo(first.hash());
		assertThat(second.directory()).isNotEqualTo(first.directory());
		assertThat(first.launchJar()).exists();
		assertThat(second.launchJar()).exists();
	}

	@Test
	void aMissingJarIsRefusedInOneLine() {
		assertThatExceptionOfType(InvalidReleaseException.class)
			.isThrownBy(() -> this.cache.prepare(this.deploy.resolve("nothing.jar")))
			.withMessage("Release refused: " + this.deploy.resolve("nothing.jar") + " does not exist");
	}

	@Test
	void aTruncatedJarIsRefusedAndLeavesNothingInTheCache() throws IOException {
		Path jar = bootJar(this.deploy.resolve("app.jar"), "v1");
		byte[] bytes = Files.readAllBytes(jar);
		Files.write(jar, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		assertThatExceptionOfType(InvalidReleaseException.class).isThrownBy(() -> this.cache.prepare(jar))
			.withMessageStartingWith("Release refused: " + jar + " is not a complete jar (truncated or corrupt?)")
			.withMessageNotContaining("\n");
		assertThat(releasesInCache()).isEmpty();
	}

	@Test
	void aJarThatIsNotABootExecutableJarIsRefused() throws IOException {
		Path jar = jar(this.deploy.resolve("plain.jar"), "com.example.Main", null, "v1");
		assertThatExceptionOfType(InvalidReleaseException.class).isThrownBy(() -> this.cache.prepare(jar))
			.withMessageContaining("is not a Spring Boot executable jar")
			.withMessageContaining("Main-Class com.example.Main");
	}

	@Test
	void aFileThatIsNotAJarIsRefused() throws IOException {
		Path jar = Files.writeString(this.deploy.resolve("app.jar"), "not a zip");
		assertThatExceptionOfType(InvalidReleaseException.class).isThrownBy(() -> this.cache.prepare(jar))
			.withMessageContaining("is not a complete jar");
	}

	@Test
	void aFailedExtractionLeavesNoReleaseDirectory() throws IOException {
		this.cache.close();
		this.cache = ReleaseCache.open(this.temp.resolve("cache"), (jar, destination, log) -> {
			Files.createDirectories(destination);
			Files.writeString(destination.resolve("half-written"), "x");
			throw new InvalidReleaseException("Release refused: java -Djarmode=tools extract failed with exit code 1");
		});
		Path jar = bootJar(this.deploy.resolve("app.jar"), "v1");
		assertThatExceptionOfType(InvalidReleaseException.class).isThrownBy(() -> this.cache.prepare(jar))
			.withMessage("Release refused: " + jar + ": java -Djarmode=tools extract failed with exit code 1");
		assertThat(releasesInCache()).isEmpty();
		try (Stream<Path> entries = Files.list(this.cache.directory())) {
			assertThat(entries.map((entry) -> entry.getFileName().toString())).containsExactly(".lock");
		}
	}

	@Test
	void pruneRemovesEveryReleaseAndArchiveButTheKeptOnes() throws IOException {
		Release old = this.cache.prepare(bootJar(this.deploy.resolve("app.jar"), "v1"));
		Release previous = this.cache.prepare(bootJar(this.deploy.resolve("app.jar"), "v2"));
		Release current = this.cache.prepare(bootJar(this.deploy.resolve("app.jar"), "v3"));
		Path oldArchive = Files.writeString(ClassDataArchives.archiveFile(old, "key", BootMode.CDS), "archive");
		Path currentArchive = Files.writeString(ClassDataArchives.archiveFile(current, "key", BootMode.CDS), "archive");
		this.cache.prune(List.of(current, previous));
		assertThat(old.directory()).doesNotExist();
		assertThat(oldArchive).doesNotExist();
		assertThat(previous.launchJar()).exists();
		assertThat(current.launchJar()).exists();
		assertThat(currentArchive).exists();
	}

	@Test
	void aSecondMasterOnTheSameDirectoryGetsADirectoryOfItsOwnDeletedWhenItEnds() throws IOException {
		ReleaseCache second = ReleaseCache.open(this.temp.resolve("cache"), "java");
		Path own = second.directory();
		assertThat(own).isNotEqualTo(this.cache.directory())
			.hasFileName("cache-" + ProcessHandle.current().pid())
			.isDirectory();
		second.close();
		assertThat(own).doesNotExist();
		assertThat(this.cache.directory()).isDirectory();
	}

	@Test
	void theDefaultDirectoryIsNamedAfterTheDeployPathNotTheWorkingDirectory() {
		Path one = ReleaseCache.defaultDirectory(Path.of("/srv/one/app.jar"));
		Path two = ReleaseCache.defaultDirectory(Path.of("/srv/two/app.jar"));
		assertThat(one).isNotEqualTo(two);
		assertThat(one.getFileName().toString()).startsWith("app-");
		assertThat(one).isAbsolute();
		assertThat(one.startsWith(Path.of("").toAbsolutePath())).isFalse();
	}

	private List<Path> releasesInCache() throws IOException {
		try (Stream<Path> entries = Files.list(this.cache.directory())) {
			return entries.filter((entry) -> !entry.getFileName().toString().startsWith(".")).toList();
		}
	}

	private static Path bootJar(Path path, String content) throws IOException {
		return jar(path, "org.springframework.boot.loader.launch.JarLauncher", "com.example.App", content);
	}

	private static Path jar(Path path, String mainClass, @Nullable String startClass, String content) throws IOException {
		Manifest manifest = new Manifest();
		Attributes attributes = manifest.getMainAttributes();
		attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		attributes.put(Attributes.Name.MAIN_CLASS, mainClass);
		if (startClass != null) {
			attributes.putValue("Start-Class", startClass);
		}
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.putNextEntry(new JarEntry("BOOT-INF/classes/release.txt"));
			jar.write(content.getBytes(StandardCharsets.UTF_8));
			jar.closeEntry();
		}
		return path;
	}

}
