package io.github.clustermaster.release;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClassDataArchives}, {@link BootMode} and {@link JavaRuntime}: what
 * needs no training run (the sample's integration tests build, reuse, and rebuild real
 * archives).
 *
 * @author cluster-master
 */
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

}
