package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the {@link Supervisor}'s recycling of workers past a limit of their
 * {@link RecyclePolicy}, one step at a time with fake processes and a clock that moves
 * only when told.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorRecyclingTests {

	private static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	private static final RestartIntensity INTENSITY = new RestartIntensity(10, Duration.ofSeconds(60),
			Duration.ofSeconds(1), Duration.ofSeconds(4));

	private final MutableClock clock = new MutableClock();

	private final FakeLauncher launcher = new FakeLauncher();

	private final Map<Integer, FakeLink> links = new HashMap<>();

	private Supervisor supervisor;

	@Test
	void aWorkerPastMaxRequestsIsStoppedOnlyOnceItsReplacementIsReady(CapturedOutput output) {
		start(2, new RecyclePolicy(1000L, null, null));
		ready(1, 2);
		this.clock.advance(MIN_RESTART_AGE);
		heartbeat(1, 1000, 0);
		heartbeat(2, 999, 0);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.STARTING));
		assertThat(this.supervisor.status().workers().get(0).recycling())
			.isEqualTo("it served 1000 requests (cluster.master.recycle.max-requests=1000)");
		assertThat(output).contains("Recycling Worker 1 (pid 1001): it served 1000 requests "
				+ "(cluster.master.recycle.max-requests=1000); it serves on until its replacement is ready");
		step();
		assertThat(this.links.get(1).shutdownRequests()).isZero();
		ready(3);
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.READY),
				entry(3, WorkerState.READY));
		assertThat(this.links.get(1).shutdownRequests()).isOne();
		assertThat(this.supervisor.status().counters().recycles()).isOne();
		assertThat(output).contains("Stopping Worker 1 (pid 1001) gracefully: recycled: it served 1000 requests");
	}

	@Test
	void neverTwoWorkersAreRecycledTogether() {
		start(2, new RecyclePolicy(1000L, null, null));
		ready(1, 2);
		this.clock.advance(MIN_RESTART_AGE);
		heartbeat(1, 5000, 0);
		heartbeat(2, 5000, 0);
		step();
		ready(3);
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.READY),
				entry(3, WorkerState.READY));
		step();
		assertThat(this.launcher.launches()).as("worker 2 waits while worker 1 drains").hasSize(3);
		exit(1, 0);
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY), entry(3, WorkerState.READY),
				entry(4, WorkerState.STARTING));
		ready(4);
		assertThat(workers()).containsExactly(entry(2, WorkerState.STOPPING), entry(3, WorkerState.READY),
				entry(4, WorkerState.READY));
		assertThat(this.supervisor.status().counters().recycles()).isEqualTo(2);
	}

	@Test
	void aWorkerPastMaxAgeIsRecycledAndItsReplacementIsNotUntilItIsAsOld() {
		start(1, new RecyclePolicy(null, Duration.ofMinutes(10), null));
		ready(1);
		this.clock.advance(Duration.ofMinutes(10).minusMillis(1));
		step();
		assertThat(this.launcher.launches()).hasSize(1);
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(this.supervisor.status().workers().get(0).recycling())
			.isEqualTo("it is 600.0 s old (cluster.master.recycle.max-age=600.0 s)");
		ready(2);
		exit(1, 0);
		this.clock.advance(Duration.ofMinutes(5));
		step();
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY));
	}

	@Test
	void aWorkerWhoseResidentMemoryExceedsMaxMemoryIsRecycled() {
		start(1, new RecyclePolicy(null, null, 300L << 20));
		ready(1);
		this.clock.advance(MIN_RESTART_AGE);
		heartbeat(1, 10, 300L << 20);
		step();
		assertThat(this.launcher.launches()).as("at the limit, not past it").hasSize(1);
		heartbeat(1, 10, (300L << 20) + 1);
		step();
		assertThat(this.supervisor.status().workers().get(0).recycling())
			.isEqualTo("its resident memory is 300 MiB (cluster.master.recycle.max-memory=300 MiB)");
		assertThat(this.launcher.launches()).hasSize(2);
	}

	@Test
	void noWorkerIsRecycledWhileThePoolIsNotWholeAndSteady() {
		start(2, new RecyclePolicy(1000L, null, null));
		ready(1);
		this.clock.advance(MIN_RESTART_AGE);
		heartbeat(1, 5000, 0);
		step();
		assertThat(workers()).as("worker 2 still boots").containsExactly(entry(1, WorkerState.READY),
				entry(2, WorkerState.STARTING));
		ready(2);
		assertThat(this.supervisor.status().workers().get(0).recycling()).as("once the pool is whole")
			.isNotNull();
	}

	@Test
	void aWorkerOnProbationIsNotRecycled() {
		start(1, new RecyclePolicy(1000L, null, null));
		ready(1);
		heartbeat(1, 5000, 0);
		step();
		assertThat(this.launcher.launches()).hasSize(1);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertThat(this.launcher.launches()).hasSize(2);
	}

	@Test
	void aRollingRestartReplacesARecycledWorkerAsAnyOther() {
		start(1, new RecyclePolicy(1000L, null, null));
		ready(1);
		this.clock.advance(MIN_RESTART_AGE);
		heartbeat(1, 5000, 0);
		step();
		assertThat(this.launcher.launches()).hasSize(2);
		this.supervisor.restart(null, 0);
		step();
		assertThat(this.supervisor.status().workers()).allSatisfy((worker) -> assertThat(worker.recycling()).isNull());
		assertThat(this.supervisor.status().counters().recycles()).isZero();
	}

	@Test
	void withoutLimitsNoWorkerIsEverRecycled() {
		start(1, RecyclePolicy.NONE);
		ready(1);
		this.clock.advance(Duration.ofDays(30));
		heartbeat(1, Long.MAX_VALUE, Long.MAX_VALUE);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY));
	}

	@Test
	void theLatestStatsOfEachWorkerShowInItsStatus() {
		start(1, RecyclePolicy.NONE);
		ready(1);
		this.clock.advance(Duration.ofSeconds(1));
		heartbeat(1, 42, 180L << 20);
		step();
		WorkerInfo worker = this.supervisor.status().workers().get(0);
		assertThat(worker.stats().requests()).isEqualTo(42);
		assertThat(worker.stats().rssBytes()).isEqualTo(180L << 20);
		assertThat(worker.lastHeartbeat()).isEqualTo(this.clock.instant());
		this.supervisor.heartbeat(1, null);
		step();
		assertThat(this.supervisor.status().workers().get(0).stats()).as("a heartbeat without stats keeps the last")
			.isNotNull();
	}

	@Test
	void anExitIsLoggedWithWhatTheWorkerHadServed(CapturedOutput output) {
		start(1, RecyclePolicy.NONE);
		ready(1);
		heartbeat(1, 42, 180L << 20);
		exit(1, 1);
		assertThat(output).contains("died with exit code 1 after 0.0 s (was READY); it served 42 requests, "
				+ "resident memory 180 MiB, heap 40 MiB of 256 MiB, GC 0.1 s in 7 collections");
	}

	private void start(int size, RecyclePolicy policy) {
		SupervisorSettings settings = SupervisorFixture.settings(size).withRecycle(policy);
		this.supervisor = SupervisorFixture.supervisor(settings, this.launcher, Map.of(), this.clock);
		step();
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	private void ready(int... ids) {
		for (int id : ids) {
			FakeLink link = new FakeLink();
			this.links.put(id, link);
			this.supervisor.connected(id, this.launcher.process(id).pid(), link);
			this.supervisor.ready(id);
		}
		step();
	}

	private void heartbeat(int id, long requests, long rssBytes) {
		this.supervisor.heartbeat(id, new WorkerStats(requests, 0, 5, 200, 40L << 20, 256L << 20, rssBytes, 120, 7));
	}

	private void exit(int id, int code) {
		this.launcher.process(id).exit(code);
		step();
	}

	private Map<Integer, WorkerState> workers() {
		return SupervisorSteps.states(this.supervisor);
	}

}
