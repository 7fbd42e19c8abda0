package io.github.clustermaster.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.github.clustermaster.master.memory.MemoryBudget;
import io.github.clustermaster.master.memory.VisibleMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each bad input fails the start with a failure analysis, from the analyzers
 * the application would run ({@code spring.factories}), that names the property. Boot
 * names a field's property in its Java form ({@code cluster.master.pidFile}), with the
 * property as written in its origin line. {@code BadInputIT} checks the same with a
 * real {@code java -jar} for two of these inputs only.
 */
class ConfigurationFailureAnalysisTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@TempDir
	Path directory;

	@Test
	void aSizeOutOfRange() {
		assertThat(analysis("cluster.master.size=2000").getDescription()).contains("Property: cluster.master.size")
			.contains("Value: \"2000\"")
			.contains("Reason: size must be a whole number from 0 to 1024, was 2000");
	}

	@Test
	void anExecNamingAMissingJar() {
		Path jar = this.directory.resolve("other.jar");
		assertThat(analysis("cluster.master.exec=" + jar).getDescription()).contains("Property: cluster.master.exec")
			.contains("Reason: names a jar that does not exist: " + jar);
	}

	@Test
	void anExecNamingAMissingClass() {
		assertThat(analysis("cluster.master.exec=com.example.NoSuchMain").getDescription())
			.contains("Property: cluster.master.exec")
			.contains("Reason: names a main class that is not on the class path");
	}

	@Test
	void anExecNamingAClassOnTheClassPathBinds() {
		this.runner.withPropertyValues("cluster.master.exec=" + ConfigurationFailureAnalysisTests.class.getName())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aReplSocketInAMissingDirectory() {
		Path socket = this.directory.resolve("missing/repl.sock");
		assertThat(analysis("cluster.master.repl=" + socket).getDescription()).contains("Property: cluster.master.repl")
			.contains("Reason: its directory " + socket.getParent() + " does not exist");
	}

	@Test
	void aPidFileInAMissingDirectory() {
		Path pidFile = this.directory.resolve("missing/app.pid");
		assertThat(analysis("cluster.master.pid-file=" + pidFile).getDescription())
			.contains("Property: cluster.master.pidFile")
			.contains("Reason: its directory " + pidFile.getParent() + " does not exist");
	}

	@Test
	void aCacheDirThatIsAFile() throws IOException {
		Path file = Files.createFile(this.directory.resolve("library.jar"));
		assertThat(analysis("cluster.master.cache-dir=" + file).getDescription())
			.contains("Property: cluster.master.cacheDir")
			.contains("Reason: must be a directory (or not exist yet)");
	}

	@Test
	void aHeartbeatTimeoutUnder3s() {
		assertThat(analysis("cluster.master.heartbeat-timeout=1s").getDescription())
			.contains("Property: cluster.master.heartbeatTimeout")
			.contains("Reason: must be at least 3s (workers send a heartbeat every second)");
	}

	@Test
	void aMaxSurgeOfZero() {
		assertThat(analysis("cluster.master.restart.max-surge=0").getDescription())
			.contains("Property: cluster.master.restart.maxSurge")
			.contains("Reason: max-surge must be a count of at least 1 or a percentage from 1% to 100%, was 0");
	}

	@Test
	void aRecycleMaxRequestsBelowItsMinimum() {
		assertThat(analysis("cluster.master.recycle.max-requests=10").getDescription())
			.contains("Property: cluster.master.recycle.maxRequests")
			.contains("Reason: must be at least 100 (a worker recycled after fewer requests spends more time booting "
					+ "than serving)");
	}

	@Test
	void anAutoscaleMinWithoutMax() {
		assertThat(analysis("cluster.master.autoscale.min=2").getDescription())
			.contains("Property: cluster.master.autoscale.max\n    Value: \"null\"\n    Reason: must be set "
					+ "together with autoscale.min (autoscaling is off unless both are)");
	}

	@Test
	void aSizeOutsideTheAutoscalingBounds() {
		assertThat(analysis("cluster.master.autoscale.min=1", "cluster.master.autoscale.max=2", "cluster.master.size=3")
			.getDescription()).contains("Property: cluster.master.size")
			.contains("Reason: must be within the autoscaling bounds, 1 to 2, was 3");
	}

	@Test
	void anUnparsableDuration() {
		FailureAnalysis analysis = analysis("cluster.master.boot-timeout=soon");
		assertThat(analysis.getDescription())
			.contains("Failed to bind properties under 'cluster.master.boot-timeout' to java.time.Duration")
			.contains("Value: \"soon\"");
		assertThat(analysis.getAction()).contains("Update your application's configuration");
	}

	@Test
	void anUnparsableMemoryLimit() {
		assertThat(analysis("cluster.master.memory.limit=lots").getDescription())
			.contains("Failed to bind properties under 'cluster.master.memory.limit'")
			.contains("Value: \"lots\"");
	}

	@Test
	void aMemoryBudgetThatCannotFitOneWorker() {
		FailureAnalysis analysis = analysis(this.runner.withUserConfiguration(BudgetConfiguration.class),
				"cluster.master.memory.limit=300MB", "cluster.master.size=1");
		assertThat(analysis.getDescription()).startsWith("Invalid cluster.master.memory.limit: 1 worker (up to 2 JVMs "
				+ "during a rolling restart, 3 with a training run) cannot fit in the 300 MiB this master sees (cluster.master.memory.limit)");
		assertThat(analysis.getAction()).contains("cluster.master.memory.enabled=false");
	}

	@Test
	void tooManyWorkersForTheMemoryBudget() {
		FailureAnalysis analysis = analysis(this.runner.withUserConfiguration(BudgetConfiguration.class),
				"cluster.master.memory.limit=2GB", "cluster.master.size=8");
		assertThat(analysis.getDescription()).startsWith("Invalid cluster.master.size: 8 workers");
		assertThat(analysis.getAction()).startsWith("Lower cluster.master.size (");
	}

	@Test
	void sixteenWorkersInFourGigabytes() {
		FailureAnalysis analysis = analysis(this.runner.withUserConfiguration(BudgetConfiguration.class),
				"cluster.master.memory.limit=4GB", "cluster.master.size=16", "cluster.master.restart.max-surge=1");
		assertThat(analysis.getDescription()).startsWith("Invalid cluster.master.size: 16 workers (up to 17 JVMs "
				+ "during a rolling restart, 18 with a training run) cannot fit in the 4.0 GiB this master sees");
	}

	@Test
	void aHeapOptionTheJvmCannotRead() {
		FailureAnalysis analysis = analysis(this.runner.withUserConfiguration(BudgetConfiguration.class),
				"cluster.master.jvm-args=-Xmx2gb");
		assertThat(analysis.getDescription())
			.startsWith("Invalid cluster.master.jvm-args: -Xmx2gb is not a heap size the JVM takes");
	}

	private FailureAnalysis analysis(String... properties) {
		return analysis(this.runner, properties);
	}

	private static FailureAnalysis analysis(ApplicationContextRunner runner, String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = analyze(Objects.requireNonNull(context.getStartupFailure()));
		});
		assertThat(analysis[0]).as("a failure analysis").isNotNull();
		return analysis[0];
	}

	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(ConfigurationFailureAnalysisTests.class.getClassLoader())
			.load(FailureAnalyzer.class, (type, name, ex) -> {
				// analyzers that need the bean factory or environment are not needed here
			});
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterMasterProperties.class)
	static class PropertiesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class BudgetConfiguration {

		@Bean
		MemoryBudget memoryBudget(ClusterMasterProperties properties) {
			WorkerCommandLine commandLine = new WorkerCommandLine("java", properties.getJvmArgs(),
					List.of("-jar", "app.jar"), List.of());
			return MemoryBudget.of(MasterContextConfiguration.memoryBudgetRequest(properties, commandLine),
					new VisibleMemory(8L << 30, "cgroup memory.max"));
		}

	}

}
