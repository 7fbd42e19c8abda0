package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.lease.LeaseInfo;
import io.github.clustermaster.locks.ClusterLockProvider;
import io.github.clustermaster.locks.ClusterLocks;
import io.github.clustermaster.worker.LeaseCandidate;
import io.github.clustermaster.worker.OncePerPoolScheduling;
import io.github.clustermaster.worker.WorkerLeases;
import io.github.clustermaster.worker.WorkerSession;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterLocksAutoConfiguration}; the worker's tests talk to a real
 * master's IPC server.
 */
class ClusterLocksAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ClusterLocksAutoConfiguration.class, TaskSchedulingAutoConfiguration.class));

	private IpcServer server;

	private WorkerSession session;

	@BeforeEach
	void connect() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new ClusterRunListenerTests.RecordingEvents());
		this.session = WorkerSession.connect(4, this.server.socket());
	}

	@AfterEach
	void close() throws IOException {
		this.session.close();
		this.server.close();
	}

	@Test
	void standaloneTheLocksAreTheJvmsOwnAndScheduledWorkIsUntouched() {
		this.runner.withUserConfiguration(Ticking.class).run((context) -> {
			assertThat(context).getBean(ClusterLocks.class).isNotInstanceOf(WorkerLeases.class);
			assertThat(context).doesNotHaveBean(OncePerPoolScheduling.class).doesNotHaveBean(LeaseCandidate.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> context.getBean(Ticking.class).ticks.get() >= 3);
		});
	}

	@Test
	void aWorkersLocksAreTheMastersLeases() {
		worker().run((context) -> {
			assertThat(context).getBean(ClusterLocks.class).isSameAs(this.session.leases());
			assertThat(context).doesNotHaveBean(OncePerPoolScheduling.class)
				.as("the application does not schedule anything");
		});
	}

	@Test
	void aWorkersScheduledWorkRunsOnlyWhileItHoldsTheSchedulingLease() {
		worker().withUserConfiguration(Ticking.class).run((context) -> {
			assertThat(context).hasSingleBean(OncePerPoolScheduling.class);
			Ticking ticking = context.getBean(Ticking.class);
			await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
			assertThat(ticking.ticks).as("before the application is ready it does not compete").hasValue(0);
			context.getBean(LeaseCandidate.class).start();
			await().atMost(Duration.ofSeconds(5)).until(() -> ticking.ticks.get() >= 3);
			assertThat(this.server.leases().leases()).extracting(LeaseInfo::name, LeaseInfo::holder)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("scheduling", 4));
			this.session.leases().releaseAll();
			int stopped = ticking.ticks.get();
			await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
			assertThat(ticking.ticks.get()).as("released when asked to stop: no more runs").isLessThanOrEqualTo(stopped + 1);
			assertThat(this.server.leases().leases()).isEmpty();
		});
	}

	@Test
	void aWorkerThatDoesNotHoldTheLeaseSkipsEveryRun() {
		this.server.leases().acquire(9, 999, "scheduling", Duration.ofSeconds(30));
		worker().withUserConfiguration(Ticking.class).run((context) -> {
			context.getBean(LeaseCandidate.class).start();
			await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
			assertThat(context.getBean(Ticking.class).ticks).hasValue(0);
			this.server.leases().disconnected(9);
			await().atMost(Duration.ofSeconds(5)).until(() -> context.getBean(Ticking.class).ticks.get() >= 1);
		});
	}

	@Test
	void withEveryWorkerSchedulingEachWorkerRunsItsScheduledWork() {
		worker().withUserConfiguration(Ticking.class)
			.withPropertyValues("cluster.master.scheduling=every-worker")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(OncePerPoolScheduling.class).doesNotHaveBean(LeaseCandidate.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> context.getBean(Ticking.class).ticks.get() >= 3);
				assertThat(this.server.leases().leases()).isEmpty();
			});
	}

	@Test
	void withShedLockOnTheClassPathTheLocksBecomeItsLockProvider() {
		worker().run((context) -> assertThat(context).getBean(LockProvider.class)
			.isInstanceOf(ClusterLockProvider.class));
		this.runner.run((context) -> assertThat(context).hasSingleBean(ClusterLockProvider.class));
	}

	@Test
	void theApplicationsOwnLockProviderWins() {
		LockProvider mine = (configuration) -> java.util.Optional.empty();
		worker().withBean(LockProvider.class, () -> mine)
			.run((context) -> assertThat(context).getBean(LockProvider.class).isSameAs(mine));
	}

	@Test
	void withoutShedLockThereIsNoProvider() {
		worker().withClassLoader(new FilteredClassLoader(LockProvider.class))
			.run((context) -> assertThat(context).hasSingleBean(ClusterLocks.class)
				.doesNotHaveBean(ClusterLockProvider.class));
	}

	@Test
	void theApplicationsOwnLocksWin() {
		ClusterLocks mine = ClusterLocks.local();
		worker().withBean(ClusterLocks.class, () -> mine)
			.run((context) -> assertThat(context).getBean(ClusterLocks.class).isSameAs(mine));
	}

	/**
	 * Two workers' applications with ShedLock's {@code @SchedulerLock} on a task that runs
	 * in every worker: the provider lets one run it at a time.
	 */
	@Test
	void schedulerLockRunsATaskInOneWorkerAtATime() throws IOException {
		List<long[]> runs = new CopyOnWriteArrayList<>();
		WorkerSession other = WorkerSession.connect(5, this.server.socket());
		try {
			ApplicationContextRunner locked = this.runner.withUserConfiguration(Locked.class)
				.withBean(Runs.class, () -> new Runs(runs))
				.withPropertyValues("cluster.master.scheduling=every-worker");
			locked.withBean(WorkerSession.class, () -> this.session)
				.run((first) -> locked.withBean(WorkerSession.class, () -> other).run((second) -> {
					// the first worker runs alone until the second context has started
					await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() >= 12
							&& runs.stream().map((run) -> run[0]).distinct().count() == 2);
				}));
		}
		finally {
			other.close();
		}
		List<long[]> sorted = runs.stream().sorted(java.util.Comparator.comparingLong((run) -> run[1])).toList();
		for (int i = 1; i < sorted.size(); i++) {
			assertThat(sorted.get(i)[1]).as("run %d starts after run %d ended", i, i - 1)
				.isGreaterThanOrEqualTo(sorted.get(i - 1)[2]);
		}
		assertThat(sorted.stream().map((run) -> run[0]).distinct()).as("both workers ran it").hasSize(2);
	}

	private ApplicationContextRunner worker() {
		return this.runner.withBean(WorkerSession.class, () -> this.session);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class Ticking {

		final AtomicInteger ticks = new AtomicInteger();

		@Scheduled(fixedRate = 100)
		void tick() {
			this.ticks.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@EnableSchedulerLock(defaultLockAtMostFor = "PT5S")
	static class Locked {

		@Bean
		LockedJob lockedJob(WorkerSession session, Runs runs) {
			return new LockedJob(session.id(), runs.runs());
		}

	}

	record Runs(List<long[]> runs) {

	}

	static class LockedJob {

		private final int worker;

		private final List<long[]> runs;

		LockedJob(int worker, List<long[]> runs) {
			this.worker = worker;
			this.runs = runs;
		}

		@Scheduled(fixedRate = 20)
		@SchedulerLock(name = "job", lockAtLeastFor = "PT0.05S")
		public void run() throws InterruptedException {
			long start = System.nanoTime();
			Thread.sleep(30);
			this.runs.add(new long[] { this.worker, start, System.nanoTime() });
		}

	}

}
