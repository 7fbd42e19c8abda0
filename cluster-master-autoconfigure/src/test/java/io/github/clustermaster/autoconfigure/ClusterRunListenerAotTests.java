package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.clustermaster.autoconfigure.aotapp.AotTestApplication;
import io.github.clustermaster.autoconfigure.app.RoleTestApplication;
import io.github.clustermaster.autoconfigure.app.RoleTestMasterConfiguration;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.master.MasterContextConfiguration;
import io.github.clustermaster.master.MasterExit;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.worker.WorkerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor.Settings;
import org.springframework.context.aot.AotApplicationContextInitializer;
import org.springframework.core.SpringProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ClusterRunListener} with Spring AOT: the build-time run is a worker's,
 * the master builds its own context without the generated code, and a run whose role
 * does not fit the generated code fails saying why.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterRunListenerAotTests {

	private static final String[] QUIET = { "--server.port=0", "--cluster.master.signals=false",
			"--cluster.master.repl=false", "--spring.main.banner-mode=off", "--spring.main.web-application-type=none" };

	@AfterEach
	void springAotOff() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
	}

	@Test
	void springAotProcessesTheApplicationAsAWorkerSoTheGeneratedCodeHoldsTheWorkersBeans(@TempDir Path dir)
			throws IOException {
		Settings settings = Settings.builder()
			.sourceOutput(dir.resolve("sources"))
			.resourceOutput(dir.resolve("resources"))
			.classOutput(dir.resolve("classes"))
			.groupId("io.github.clustermaster")
			.artifactId("aot-test")
			.build();
		new SpringApplicationAotProcessor(AotTestApplication.class, settings,
				new String[] { "--spring.main.banner-mode=off" })
			.process();
		String code;
		try (Stream<Path> files = Files.walk(dir.resolve("sources"))) {
			code = files.filter((file) -> file.getFileName().toString().endsWith("__BeanFactoryRegistrations.java"))
				.map(ClusterRunListenerAotTests::read)
				.collect(Collectors.joining("\n"));
		}
		assertThat(code).as("the generated registrations")
			.contains("\"aotTestBean\"")
			.contains("\"workerOnlyBean\"")
			.doesNotContain("standaloneOnlyBean")
			.contains("\"" + ClusterWorkerAutoConfiguration.class.getName() + "\"")
			// a worker bean on @ConditionalOnBean(WorkerSession.class): the build-time run has one
			.contains("\"clusterMasterRequestCountingFilter\"")
			.doesNotContain(MasterContextConfiguration.class.getSimpleName());
		assertThat(System.getProperty("spring.aot.processing")).isNull();
	}

	@Test
	void aMasterStartedWithSpringAotBuildsItsOwnContextWithoutTheGeneratedCode(CapturedOutput output) {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
		// RoleTestApplication has no generated initializer: with Spring AOT on, Boot would
		// refuse to start it (AotInitializerNotFoundException)
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("testMasterExit", (MasterExit) (code) -> {
			}));
		try (ConfigurableApplicationContext context = application.run(args("--cluster.master.size=0"))) {
			assertThat(context.getEnvironment().getProperty(ClusterRole.PROPERTY)).isEqualTo("master");
			assertThat(context.getBean(WorkerPoolManager.class).size()).isZero();
			assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).isEmpty();
			// found by scanning, as without Spring AOT: the generated code has none of them
			assertThat(context.getBeansOfType(RoleTestMasterConfiguration.MasterSideBean.class)).hasSize(1);
			assertThat(AotDetector.useGeneratedArtifacts()).as("Spring AOT in the master").isFalse();
		}
		assertThat(output).contains("Spring AOT: the workers run the application's generated code; the master "
				+ "builds its own context without it");
	}

	@Test
	void aWorkerWhoseGeneratedCodeLacksTheWorkersBeansFailsToStartSayingWhy() throws IOException {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
		SpringApplication application = application(RoleTestApplication.class);
		// generated code of an application processed with cluster.master.enabled=false
		application.addInitializers(generatedCode(false));
		try (IpcServer server = IpcServer.bind()) {
			server.serve(new ClusterRunListenerTests.RecordingEvents());
			assertThatIllegalStateException()
				.isThrownBy(() -> application
					.run(args("--CLUSTER_MASTER_WORKER_ID=3", "--CLUSTER_MASTER_IPC=" + server.socket())))
				.withMessageContaining("generated without the cluster's worker beans")
				.withMessageContaining("run spring-boot:process-aot without cluster.master.enabled=false");
		}
	}

	@Test
	void aStandaloneRunOfTheWorkersGeneratedCodeFailsToStartSayingWhy() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers(generatedCode(true));
		assertThatIllegalStateException().isThrownBy(() -> application.run(args("--cluster.master.enabled=false")))
			.withMessageContaining("was generated for cluster-master workers, but this JVM runs standalone");
	}

	@Test
	void theTrainingRunOfTheWorkersGeneratedCodeGetsASessionWithoutAMaster() {
		SpringProperties.setProperty(AotDetector.AOT_ENABLED, "true");
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers(generatedCode(true));
		long parent = ProcessHandle.current().parent().orElseThrow().pid();
		try (ConfigurableApplicationContext context = application
			.run(args("--cluster.master.enabled=false", "--cluster.master.parent-pid=" + parent))) {
			WorkerSession session = context.getBean(WorkerSession.class);
			assertThat(session.id()).isZero();
			long start = System.nanoTime();
			assertThat(session.poolSecret(Duration.ofSeconds(10))).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		}
	}

	/**
	 * Stands for the application's generated initializer: with one in place, Boot adds none
	 * and loads no sources.
	 */
	private static AotApplicationContextInitializer<ConfigurableApplicationContext> generatedCode(
			boolean forWorkers) {
		return (context) -> {
			if (forWorkers) {
				((BeanDefinitionRegistry) context).registerBeanDefinition(
						ClusterWorkerAutoConfiguration.class.getName(), new RootBeanDefinition(Object.class));
			}
		};
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String[] args(String... extra) {
		return Stream.concat(Stream.of(QUIET), Stream.of(extra)).toArray(String[]::new);
	}

	private static SpringApplication application(Class<?> main) {
		SpringApplication application = new SpringApplication(main);
		application.setMainApplicationClass(main);
		return application;
	}

}
