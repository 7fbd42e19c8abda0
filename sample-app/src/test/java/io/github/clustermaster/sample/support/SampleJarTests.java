package io.github.clustermaster.sample.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SampleJar}.
 *
 * @author cluster-master
 */
class SampleJarTests {

	@TempDir
	Path module;

	@Test
	void locateFindsTheRepackagedJarAndSkipsTheOthers() throws Exception {
		Path target = Files.createDirectories(this.module.resolve("target"));
		Path jar = touch(target.resolve("sample-app-0.1.0-SNAPSHOT.jar"), 1);
		touch(target.resolve("sample-app-0.1.0-SNAPSHOT.jar.original"), 2);
		touch(target.resolve("sample-app-0.1.0-SNAPSHOT-sources.jar"), 3);
		touch(target.resolve("sample-app-0.1.0-SNAPSHOT-javadoc.jar"), 4);
		touch(target.resolve("other-0.1.0.jar"), 5);
		assertThat(SampleJar.locate(this.module)).isEqualTo(jar);
	}

	@Test
	void locatePrefersTheNewestJar() throws Exception {
		Path target = Files.createDirectories(this.module.resolve("target"));
		touch(target.resolve("sample-app-0.1.0.jar"), 1);
		Path newest = touch(target.resolve("sample-app-0.2.0.jar"), 2);
		assertThat(SampleJar.locate(this.module)).isEqualTo(newest);
	}

	@Test
	void locateExplainsHowToBuildAMissingJar() {
		assertThatIllegalStateException().isThrownBy(() -> SampleJar.locate(this.module))
			.withMessageContaining("sample-app-*.jar")
			.withMessageContaining("package");
	}

	private static Path touch(Path file, int minutes) throws Exception {
		Files.writeString(file, "x");
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(60L * minutes)));
		return file;
	}

}
