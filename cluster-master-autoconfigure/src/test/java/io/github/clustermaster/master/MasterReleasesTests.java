package io.github.clustermaster.master;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.github.clustermaster.release.Release;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

	@Test
	void aReleaseCannotBeLaunchedByAClassPathCommand() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProcessWorkerLauncher.launching(List.of("java", "-cp", "x", "com.example.App"), RELEASE))
			.withMessageStartingWith("A release needs a -jar launch");
	}

}
