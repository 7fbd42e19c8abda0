package io.github.clustermaster.master;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
 * the application would run ({@code spring.factories}), that names the property.
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
	void anUnparsableDuration() {
		FailureAnalysis analysis = analysis("cluster.master.boot-timeout=soon");
		assertThat(analysis.getDescription()).contains("cluster.master.boot-timeout")
			.contains("Value: \"soon\"")
			.contains("java.time.Duration");
		assertThat(analysis.getAction()).contains("Update your application's configuration");
	}

	@Test
	void anUnparsableMemoryLimit() {
		assertThat(analysis("cluster.master.memory.limit=lots").getDescription())
			.contains("cluster.master.memory.limit")
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
			WorkerCommandLine commandLine = new WorkerCommandLine("java", List.of(), List.of("-jar", "app.jar"),
					List.of());
			return MemoryBudget.of(properties, commandLine, new VisibleMemory(8L << 30, "cgroup memory.max"));
		}

	}

}
