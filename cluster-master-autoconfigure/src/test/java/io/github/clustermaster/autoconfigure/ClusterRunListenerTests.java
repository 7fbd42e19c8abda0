package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.clustermaster.autoconfigure.app.RoleTestApplication;
import io.github.clustermaster.autoconfigure.app.RoleTestMasterConfiguration;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.master.MasterExit;
import io.github.clustermaster.master.WorkerCommandLine;
import io.github.clustermaster.messaging.ClusterMessenger;
import io.github.clustermaster.messaging.ClusterWorker;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLauncher;
import io.github.clustermaster.supervisor.WorkerLink;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerStats;
import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterRunListener}: the role decided before the context is built.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterRunListenerTests {

	private static final String[] QUIET = { "--server.port=0", "--cluster.master.signals=false",
			"--cluster.master.repl=false", "--spring.main.banner-mode=off" };

	@Test
	void theApplicationStartedFromItsMainClassBecomesAMasterThatCreatesNoneOfItsBeans() {
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("testMasterExit", (MasterExit) (code) -> {
			}));
		try (ConfigurableApplicationContext context = application.run(args("--cluster.master.size=0"))) {
			assertThat(context.getEnvironment().getProperty(ClusterRole.PROPERTY)).isEqualTo("master");
			assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).isEmpty();
			assertThat(context.getBeansOfType(RoleTestApplication.class)).isEmpty();
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			assertThat(context.getBean(WorkerPoolManager.class).size()).isZero();
		}
	}

	@Test
	void theMasterLoadsTheApplicationsClusterMasterConfigurationClassesAndTheirBeans() {
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("testMasterExit", (MasterExit) (code) -> {
			}));
		try (ConfigurableApplicationContext context = application.run(args("--cluster.master.size=0"))) {
			assertThat(context.getBeansOfType(RoleTestMasterConfiguration.MasterSideBean.class)).hasSize(1);
			assertThat(context.getBeansOfType(ClusterMessenger.class)).hasSize(1);
			assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).isEmpty();
		}
	}

	@Test
	void theMastersLauncherBacksOffAndTheWorkersCommandLineTakesTheApplicationsCustomizersInOrder() {
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("testMasterExit", (MasterExit) (code) -> {
			}));
		try (ConfigurableApplicationContext context = application
			.run(args("--cluster.master.size=0", "--cluster.master.jvm-args=-Dconfigured=yes"))) {
			assertThat(context.getBeansOfType(WorkerLauncher.class)).containsOnlyKeys("testLauncher");
			WorkerCommandLine commandLine = context.getBean(WorkerCommandLine.class);
			assertThat(commandLine.jvmArgs()).endsWith("-Dconfigured=yes", "-javaagent:/opt/agent.jar",
					"-Dcustomized=second");
			assertThat(commandLine.command()).containsSubsequence("-javaagent:/opt/agent.jar", commandLine.target().get(0));
		}
	}

	@Test
	void aStandaloneApplicationSkipsItsClusterMasterConfigurationClasses() {
		try (ConfigurableApplicationContext context = application(RoleTestApplication.class)
			.run(args("--cluster.master.enabled=false"))) {
			assertThat(context.getBeansOfType(RoleTestMasterConfiguration.MasterSideBean.class)).isEmpty();
			assertThat(context.getBean(ClusterWorker.class).isWorker()).isFalse();
		}
	}

	@Test
	void anApplicationWhoseMainClassIsNotASourceStaysStandalone() {
		SpringApplication application = new SpringApplication(RoleTestApplication.class);
		application.setMainApplicationClass(ClusterRunListenerTests.class);
		try (ConfigurableApplicationContext context = application.run(QUIET)) {
			assertThat(context.getEnvironment().getProperty(ClusterRole.PROPERTY)).isEqualTo("standalone");
			assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).hasSize(1);
			assertThat(context.getBeansOfType(WorkerPoolManager.class)).isEmpty();
		}
	}

	@Test
	void theMastersStartupLinesSayItIsTheMasterAndItPrintsNoBannerOfTheApplication(CapturedOutput output) {
		runMaster("--spring.profiles.active=blue");
		assertThat(output).contains("Starting cluster master of RoleTestApplication using Java ")
			.contains("with PID " + ProcessHandle.current().pid())
			.contains("The following 1 profile is active: \"blue\"")
			.containsPattern("Started cluster master of RoleTestApplication in [0-9.]+ seconds \\(process running for "
					+ "[0-9.]+\\): no workers to start \\(size 0\\)")
			.doesNotContain("Starting RoleTestApplication")
			.doesNotContain("Started RoleTestApplication")
			.doesNotContain(":: Spring Boot ::");
	}

	@Test
	void theMasterPrintsTheBannerWhenTheApplicationSetsTheBannerMode(CapturedOutput output) {
		runMaster("--spring.main.banner-mode=console");
		assertThat(output).contains(":: Spring Boot ::").contains("Started cluster master of RoleTestApplication");
	}

	@Test
	void theMasterLogsNoStartupLinesWhenTheApplicationTurnedThemOff(CapturedOutput output) {
		runMaster("--spring.main.log-startup-info=false");
		assertThat(output).doesNotContain("cluster master of").doesNotContain("Started RoleTestApplication");
	}

	@Test
	void aStandaloneApplicationKeepsBootsStartupLines(CapturedOutput output) {
		try (ConfigurableApplicationContext context = application(RoleTestApplication.class)
			.run(args("--cluster.master.enabled=false"))) {
			assertThat(output).contains("Started RoleTestApplication in ").doesNotContain("cluster master of");
		}
	}

	@Test
	void aDisabledMasterStaysStandalone() {
		try (ConfigurableApplicationContext context = application(RoleTestApplication.class)
			.run(args("--cluster.master.enabled=false"))) {
			assertThat(context.getEnvironment().getProperty(ClusterRole.PROPERTY)).isEqualTo("standalone");
			assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).hasSize(1);
		}
	}

	@Test
	void aWorkerConnectsToItsMasterBeforeItsContextIsBuiltAndReportsReadiness() throws IOException {
		RecordingEvents events = new RecordingEvents();
		try (IpcServer server = IpcServer.bind()) {
			server.serve(events);
			try (ConfigurableApplicationContext context = application(RoleTestApplication.class)
				.run(args("--CLUSTER_MASTER_WORKER_ID=4", "--CLUSTER_MASTER_WORKER_SLOT=2",
						"--CLUSTER_MASTER_IPC=" + server.socket()))) {
				assertThat(context.getEnvironment().getProperty(ClusterRole.PROPERTY)).isEqualTo("worker");
				assertThat(context.getEnvironment().getProperty("cluster.master.worker-id")).isEqualTo("4");
				assertThat(context.getEnvironment().getProperty("cluster.master.worker-slot")).isEqualTo("2");
				assertThat(context.getBean(ClusterWorker.class).slot()).isEqualTo(2);
				assertThat(context.getBeansOfType(RoleTestApplication.ApplicationBean.class)).hasSize(1);
				assertThat(context.getBean(WorkerSession.class).id()).isEqualTo(4);
				assertThat(context.getBean(ClusterWorker.class).id()).isEqualTo(4);
				assertThat(context.getBeansOfType(RoleTestMasterConfiguration.MasterSideBean.class)).isEmpty();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> events.log.containsAll(List.of("connected 4", "ready 4")));
				context.getBean(WorkerSession.class).close();
			}
		}
	}

	@Test
	void aWorkerWithoutItsMasterFailsToStartSayingWhy() {
		SpringApplication application = application(RoleTestApplication.class);
		org.assertj.core.api.Assertions
			.assertThatIllegalStateException()
			.isThrownBy(() -> application.run(args("--CLUSTER_MASTER_WORKER_ID=4", "--CLUSTER_MASTER_IPC=/nonexistent/ipc.sock")))
			.withMessageContaining("Worker 4 cannot reach its master at /nonexistent/ipc.sock");
	}

	/** Run a master of no workers, with its banner mode left to the arguments. */
	private static void runMaster(String... args) {
		SpringApplication application = application(RoleTestApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("testMasterExit", (MasterExit) (code) -> {
			}));
		String[] all = new String[4 + args.length];
		System.arraycopy(new String[] { "--server.port=0", "--cluster.master.signals=false",
				"--cluster.master.repl=false", "--cluster.master.size=0" }, 0, all, 0, 4);
		System.arraycopy(args, 0, all, 4, args.length);
		application.run(all).close();
	}

	private static SpringApplication application(Class<?> main) {
		SpringApplication application = new SpringApplication(main);
		application.setMainApplicationClass(main);
		return application;
	}

	private static String[] args(String... more) {
		String[] all = new String[QUIET.length + more.length];
		System.arraycopy(QUIET, 0, all, 0, QUIET.length);
		System.arraycopy(more, 0, all, QUIET.length, more.length);
		return all;
	}

	static class RecordingEvents implements WorkerEvents {

		final List<String> log = new CopyOnWriteArrayList<>();

		@Override
		public void connected(int id, long pid, WorkerLink link) {
			this.log.add("connected " + id);
		}

		@Override
		public void ready(int id) {
			this.log.add("ready " + id);
		}

		@Override
		public void heartbeat(int id, @Nullable WorkerStats stats) {
		}

		@Override
		public void disconnected(int id) {
		}

	}

}
