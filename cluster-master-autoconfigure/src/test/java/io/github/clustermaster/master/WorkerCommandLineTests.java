package io.github.clustermaster.master;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WorkerCommandLine}.
 */
class WorkerCommandLineTests {

	private final ClusterMasterProperties properties = new ClusterMasterProperties();

	@Test
	void aFatJarMasterStartsWorkersFromTheSameJarWithTheWorkerProfile() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("/jdk/bin/java", List.of("-Xmx256m"),
				"target/app.jar", "target/app.jar --server.port=9090");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of("--server.port=9090"))).containsExactly(
				"/jdk/bin/java", "-Xmx256m", "-Dspring.profiles.include=worker", "-jar", "target/app.jar",
				"--server.port=9090");
	}

	@Test
	void aNewMasterOfAnUpgradeRunsTheDeployPathWithTheMastersOptionsAndArgumentsButNothingOfAWorker() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("/jdk17/bin/java",
				List.of("-Xmx256m", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
						"-Dspring.profiles.include=audit"),
				"/srv/app/current/app.jar", "/srv/app/current/app.jar --server.port=9090");
		this.properties.setJvmArgs(List.of("-Xss1m"));
		this.properties.setArgs(List.of("--worker-only"));
		this.properties.setExec("other.jar");
		assertThat(WorkerCommandLine.master(launch, "/usr/bin/java", List.of("--server.port=9090"))).containsExactly(
				"/usr/bin/java", "-Xmx256m", "-Dspring.profiles.include=audit", "-jar", "/srv/app/current/app.jar",
				"--server.port=9090");
	}

	@Test
	void aClasspathMasterStartsWorkersWithTheSameClasspathAndMainClass() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java", List.of(), "a.jar:classes",
				"com.example.App --x");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of("--x"))).containsExactly("java",
				"-Dspring.profiles.include=worker", "-cp", "a.jar:classes", "com.example.App", "--x");
	}

	@Test
	void jvmArgsArgsAndProfileComeFromTheProperties() {
		this.properties.setJvmArgs(List.of("-Xss1m"));
		this.properties.setArgs(List.of("--deep", "doop"));
		this.properties.setWorkerProfile("w");
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java", List.of(), "app.jar", "app.jar");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of())).containsExactly("java",
				"-Dspring.profiles.include=w", "-Xss1m", "-jar", "app.jar", "--deep", "doop");
	}

	@Test
	void execNamesAnotherJarOrMainClass() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java", List.of(), "cp", "Main");
		this.properties.setExec("other.jar");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of())).endsWith("-jar", "other.jar");
		this.properties.setExec("com.example.Worker");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of())).endsWith("-cp", "cp",
				"com.example.Worker");
	}

	@Test
	void theUsersIncludedProfilesAreKept() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java",
				List.of("-Dspring.profiles.include=audit"), "app.jar", "app.jar");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of()))
			.contains("-Dspring.profiles.include=audit,worker")
			.doesNotContain("-Dspring.profiles.include=audit");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of("--spring.profiles.include=x")))
			.contains("--spring.profiles.include=x,worker")
			.noneMatch((arg) -> arg.startsWith("-Dspring.profiles.include"));
	}

	@Test
	void optionsThatCannotBeSharedAreDropped() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java",
				List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
						"-Dcom.sun.management.jmxremote.port=9010", "-XX:ArchiveClassesAtExit=app.jsa", "-Xshare:dump",
						"-Dkeep=me"),
				"app.jar", "app.jar");
		assertThat(WorkerCommandLine.build(launch, this.properties, List.of())).containsExactly("java", "-Dkeep=me",
				"-Dspring.profiles.include=worker", "-jar", "app.jar");
	}

	@Test
	void anUnknownLaunchAsksForExec() {
		WorkerCommandLine.Launch launch = new WorkerCommandLine.Launch("java", List.of(), "", "");
		assertThatIllegalStateException().isThrownBy(() -> WorkerCommandLine.build(launch, this.properties, List.of()))
			.withMessageContaining("cluster.master.exec");
	}

}
