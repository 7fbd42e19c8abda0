package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.clustermaster.master.MasterExit;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.RestartResult;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master's Java API, with the master running in this JVM and real workers started
 * from the exploded classpath ({@code cluster.master.exec} names the main class).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InProcessMasterIT {

	static final List<Integer> exits = new CopyOnWriteArrayList<>();

	static int port;

	static ConfigurableApplicationContext context;

	static WorkerPoolManager pool;

	@BeforeAll
	static void startMaster() {
		port = FreePort.find();
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setMainApplicationClass(SampleApplication.class);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("recordingExit", (MasterExit) exits::add));
		context = application.run("--server.port=" + port, "--cluster.master.size=2",
				"--cluster.master.signals=false", "--cluster.master.silent=true", "--cluster.master.repl=false",
				"--cluster.master.exec=" + SampleApplication.class.getName(), "--spring.main.banner-mode=off",
				"--cluster.master.jvm-args=" + String.join(",", SampleJar.jvmOptions()));
		pool = context.getBean(WorkerPoolManager.class);
	}

	@AfterAll
	static void stopMaster() {
		try {
			if (context != null) {
				context.close();
			}
		}
		finally {
			ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	@Order(1)
	void theMasterRunsTheWorkersItWasAskedFor() {
		Set<Long> answering = Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
		assertThat(answering).isEqualTo(pids(pool.status()));
		assertThat(answering).doesNotContain(ProcessHandle.current().pid());
	}

	@Test
	@Order(2)
	void restartWithAnEnvironmentGivesEveryNewWorkerThatEnvironment() throws Exception {
		Set<Long> before = pids(await().atMost(ClusterIT.BOOT).until(pool::status, (status) -> status.count(WorkerState.READY) == 2));
		RestartResult result = pool.restart(Map.of("SAMPLE_COLOR", "blue")).get(3, TimeUnit.MINUTES);
		assertThat(result.replaced()).isEqualTo(2);
		assertThat(result.generation()).isEqualTo(2);
		Set<Long> after = pids(pool.status());
		assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
		Set<String> answers = await().atMost(ClusterIT.BOOT).until(() -> envAnswers(4), (set) -> set.size() == 2);
		assertThat(answers).allMatch((answer) -> answer.endsWith("SAMPLE_COLOR=blue"));
		assertThat(pool.workers()).allMatch((worker) -> worker.generation() == 2);
	}

	@Test
	@Order(3)
	void resizeUpAndDown() throws Exception {
		ClusterStatus three = pool.resize(3).get(3, TimeUnit.MINUTES);
		assertThat(three.count(WorkerState.READY)).isEqualTo(3);
		assertThat(Http.awaitDistinctPids(port, 3, ClusterIT.BOOT)).isEqualTo(pids(three));
		ClusterStatus one = pool.resize(1).get(3, TimeUnit.MINUTES);
		assertThat(one.workers()).hasSize(1);
		assertThat(pids(three)).containsAll(pids(one));
		assertThat(pool.size()).isEqualTo(1);
	}

	@Test
	@Order(4)
	void quitStopsEveryWorkerAndExitsWithZero() throws Exception {
		Set<Long> workers = pids(pool.status());
		assertThat(pool.quit().get(2, TimeUnit.MINUTES)).isZero();
		await().atMost(Duration.ofSeconds(10)).until(() -> exits.equals(List.of(0)));
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
	}

	private static Set<String> envAnswers(int requests) {
		return java.util.stream.IntStream.range(0, requests)
			.mapToObj((i) -> Http.get(port, "/env/SAMPLE_COLOR"))
			.filter((result) -> result.isOk())
			.map((result) -> result.body().strip())
			.collect(Collectors.toSet());
	}

	private static Set<Long> pids(ClusterStatus status) {
		return status.workers().stream().map(WorkerInfo::pid).collect(Collectors.toSet());
	}

}
