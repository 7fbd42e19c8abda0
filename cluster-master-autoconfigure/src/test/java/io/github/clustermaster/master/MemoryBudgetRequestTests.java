package io.github.clustermaster.master;

import java.util.List;

import io.github.clustermaster.master.memory.MemoryBudget;
import io.github.clustermaster.master.memory.MemoryBudgetException;
import io.github.clustermaster.master.memory.VisibleMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MasterContextConfiguration#memoryBudgetRequest}: the properties and the
 * workers' command line as the memory budget reads them.
 */
class MemoryBudgetRequestTests {

	private static final VisibleMemory EIGHT_GIB = new VisibleMemory(8L << 30, "cgroup memory.max");

	@Test
	void aHeapInTheWorkersJavaToolOptionsCountsAsExplicit() {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		properties.setSize(2);
		properties.getEnv().put("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8 -Xmx300m");
		WorkerCommandLine commandLine = new WorkerCommandLine("java", List.of(), List.of("-jar", "app.jar"), List.of());
		MemoryBudget budget = budget(properties, commandLine);
		budget.apply(commandLine.jvmArgs());
		assertThat(budget.summary()).contains("max heap 300 MiB from -Xmx300m");
		assertThat(commandLine.jvmArgs()).isEmpty();
	}

	@Test
	void aHeapOptionTheJvmCannotReadFailsNamingTheJvmArgs() {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		WorkerCommandLine commandLine = new WorkerCommandLine("java", List.of("-Xmx2gb"), List.of("-jar", "app.jar"),
				List.of());
		assertThatExceptionOfType(MemoryBudgetException.class)
			.isThrownBy(() -> budget(properties, commandLine))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.master.jvm-args"));
	}

	@Test
	void aJarLaunchWithFastStartPlansATrainingRunAndAClassPathLaunchOrFastStartOffDoesNot() {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		properties.setSize(4);
		WorkerCommandLine jar = new WorkerCommandLine("java", List.of(), List.of("-jar", "app.jar"), List.of());
		WorkerCommandLine classPath = new WorkerCommandLine("java", List.of(), List.of("-cp", "app", "App"),
				List.of());
		assertThat(others(properties, jar)).isEqualTo(new MemoryBudget.OtherJvms(1, 0));
		assertThat(others(properties, classPath)).isEqualTo(new MemoryBudget.OtherJvms(0, 0));
		assertThat(budget(properties, jar).summary()).contains("7 with a training run");
		properties.setFastStart(false);
		assertThat(others(properties, jar)).isEqualTo(new MemoryBudget.OtherJvms(0, 0));
		assertThat(budget(properties, jar).summary()).doesNotContain("training run");
	}

	@Test
	void hotSparesAreCountedFromTheProperty() {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		properties.setSize(4);
		properties.setSpares(2);
		WorkerCommandLine jar = new WorkerCommandLine("java", List.of(), List.of("-jar", "app.jar"), List.of());
		assertThat(others(properties, jar)).isEqualTo(new MemoryBudget.OtherJvms(1, 2));
		assertThat(budget(properties, jar).summary()).contains("with a training run")
			.contains("2 hot spares");
	}

	private static MemoryBudget.OtherJvms others(ClusterMasterProperties properties, WorkerCommandLine commandLine) {
		return MasterContextConfiguration.memoryBudgetRequest(properties, commandLine).others();
	}

	private static MemoryBudget budget(ClusterMasterProperties properties, WorkerCommandLine commandLine) {
		return MemoryBudget.of(MasterContextConfiguration.memoryBudgetRequest(properties, commandLine), EIGHT_GIB);
	}

}
