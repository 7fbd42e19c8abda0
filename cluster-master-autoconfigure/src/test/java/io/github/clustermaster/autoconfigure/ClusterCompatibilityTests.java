package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.role.ClusterRole;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ClusterCompatibility} and its failure analysis.
 */
class ClusterCompatibilityTests {

	@Test
	void theBootAndJacksonThisBuildRunsOnPass() {
		assertThatNoException().isThrownBy(() -> new ClusterCompatibility(getClass().getClassLoader())
			.verify(new MockEnvironment(), ClusterRole.MASTER));
		assertThat(SpringBootVersion.getVersion()).startsWith("4.");
	}

	@Test
	void everyBoot40AndBoot41ReleaseIsSupportedAndNothingElse() {
		assertThat(ClusterCompatibility.supportedBoot("4.0.0")).isTrue();
		assertThat(ClusterCompatibility.supportedBoot("4.0.9")).isTrue();
		assertThat(ClusterCompatibility.supportedBoot("4.1.2")).isTrue();
		assertThat(ClusterCompatibility.supportedBoot("4.1.0-SNAPSHOT")).isTrue();
		assertThat(ClusterCompatibility.supportedBoot("4.0.0-RC1")).isTrue();
		assertThat(ClusterCompatibility.supportedBoot("3.5.7")).isFalse();
		assertThat(ClusterCompatibility.supportedBoot("4.2.0")).isFalse();
		assertThat(ClusterCompatibility.supportedBoot("4.10.0")).isFalse();
		assertThat(ClusterCompatibility.supportedBoot("5.0.0")).isFalse();
		assertThat(ClusterCompatibility.supportedBoot("4")).isFalse();
	}

	@Test
	void anUnsupportedBootFailsTheStartNamingWhatWasFoundAndWhatIsNeeded() {
		ClusterCompatibility compatibility = new ClusterCompatibility(() -> "4.2.0", () -> "3.1.4",
				getClass().getClassLoader());
		assertThatExceptionOfType(ClusterCompatibilityException.class)
			.isThrownBy(() -> compatibility.verify(new MockEnvironment(), ClusterRole.WORKER))
			.withMessage("cluster-master cannot run this application as a worker: Spring Boot 4.2.0 is on the class "
					+ "path; cluster-master supports Spring Boot 4.0.x or 4.1.x")
			.satisfies((ex) -> {
				FailureAnalysis analysis = new ClusterCompatibilityFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).startsWith("cluster-master cannot run this application "
						+ "(Spring Boot 4.2.0):\n - Spring Boot 4.2.0 is on the class path");
				assertThat(analysis.getAction()).contains("Use Spring Boot 4.0.x or 4.1.x")
					.contains("cluster.master.enabled=false")
					.contains("cluster.master.compatibility-verifier.enabled=false");
			});
	}

	@Test
	void aJacksonOtherThanJackson3IsRefused() {
		ClusterCompatibility compatibility = new ClusterCompatibility(() -> "4.0.3", () -> "2.21.4",
				getClass().getClassLoader());
		assertThatExceptionOfType(ClusterCompatibilityException.class)
			.isThrownBy(() -> compatibility.verify(ClusterRole.MASTER))
			.satisfies((ex) -> assertThat(ex.getProblems())
				.containsExactly("Jackson databind 2.21.4 is on the class path; cluster-master needs Jackson 3"));
	}

	@Test
	void aMissingLibraryIsNamedWithTheArtifactThatBringsIt() {
		ClusterCompatibility compatibility = new ClusterCompatibility(() -> "4.0.3", () -> "3.0.4",
				new FilteredClassLoader(AFUNIXSocket.class));
		assertThatExceptionOfType(ClusterCompatibilityException.class)
			.isThrownBy(() -> compatibility.verify(ClusterRole.MASTER))
			.satisfies((ex) -> assertThat(ex.getProblems()).containsExactly("org.newsclub.net.unix.AFUNIXSocket is "
					+ "missing: add com.kohlschutter.junixsocket:junixsocket-native-common"));
	}

	@Test
	void anUnknownBootVersionIsNotHeldAgainstTheApplication() {
		ClusterCompatibility compatibility = new ClusterCompatibility(() -> null, () -> null,
				getClass().getClassLoader());
		assertThatNoException().isThrownBy(() -> compatibility.verify(ClusterRole.MASTER));
	}

	@Test
	void thePropertyTurnsTheCheckOff() {
		ClusterCompatibility compatibility = new ClusterCompatibility(() -> "5.0.0", () -> "3.1.4",
				getClass().getClassLoader());
		MockEnvironment environment = new MockEnvironment()
			.withProperty("cluster.master.compatibility-verifier.enabled", "false");
		assertThatNoException().isThrownBy(() -> compatibility.verify(environment, ClusterRole.MASTER));
	}

}
