package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the {@link Supervisor}'s hot spares ({@link Spares}), one step at a time with
 * fake processes and a clock that moves only when told.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorSparesTests {

	private final MutableClock clock = new MutableClock();

	private final FakeLauncher launcher = new FakeLauncher();

	private final Map<Integer, SpareLink> links = new HashMap<>();

	private Supervisor supervisor;

	@Test
	void aSpareBootsOnlyOnceThePoolIsWholeAndIsLaunchedAsASpareWithoutASlot() {
		start(2, 1, SupervisorFixture.settings(2));
		assertThat(this.launcher.launches()).as("the pool first").hasSize(2);
		ready(1);
		assertThat(this.launcher.launches()).hasSize(2);
		ready(2);
		assertThat(this.launcher.launches()).hasSize(3);
		FakeLauncher.Launch spare = this.launcher.launch(3);
		assertThat(spare.env()).containsEntry(WorkerLauncher.SPARE, "true");
		assertThat(spare.slot()).isEqualTo(-1);
		assertThat(this.launcher.launch(1).env()).doesNotContainKey(WorkerLauncher.SPARE);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.STARTING));
		ready(3);
		assertThat(workers()).containsEntry(3, WorkerState.SPARE);
		assertThat(this.supervisor.status().count(WorkerState.READY)).isEqualTo(2);
		assertThat(this.links.get(3).promotions).isEmpty();
		step();
		assertThat(this.launcher.launches()).as("one spare is enough").hasSize(3);
	}

	@Test
	void aCrashedWorkerIsReplacedAtOnceByTheSpareInItsSlotAndANewSpareBootsBehindIt(CapturedOutput output) {
		startWithReadySpare();
		exit(1, 137);
		assertThat(workers()).as("the promoted spare has the cores to itself for a while")
			.containsExactly(entry(2, WorkerState.READY), entry(3, WorkerState.READY));
		assertThat(this.links.get(3).promotions).containsExactly(0);
		assertThat(slot(3)).as("the slot of the worker it replaces").isZero();
		assertThat(this.supervisor.status().counters().respawns()).isOne();
		assertThat(output).contains("Promoted Worker 3 (pid 1003) from hot spare to slot 0: it accepts now");
		this.clock.advance(Spares.SETTLE);
		step();
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY), entry(3, WorkerState.READY),
				entry(4, WorkerState.STARTING));
		assertThat(this.launcher.launch(4).env()).containsEntry(WorkerLauncher.SPARE, "true");
		ready(4);
		assertThat(workers()).containsEntry(4, WorkerState.SPARE);
	}

	@Test
	void aHungWorkerIsReplacedByTheSpare() {
		SupervisorSettings settings = SupervisorFixture.settings(2).withHeartbeatTimeout(Duration.ofSeconds(30));
		start(2, 1, settings);
		ready(1, 2);
		ready(3);
		this.clock.advance(Duration.ofSeconds(20));
		this.supervisor.heartbeat(2, null);
		this.supervisor.heartbeat(3, null);
		step();
		this.clock.advance(Duration.ofSeconds(11));
		step();
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING).containsEntry(3, WorkerState.READY);
		assertThat(this.links.get(3).promotions).containsExactly(0);
	}

	@Test
	void aResizeUpPromotesTheSpareAndCompletesAtOnce() {
		startWithReadySpare();
		var resized = this.supervisor.resize(3);
		step();
		assertThat(resized).isCompleted();
		this.clock.advance(Spares.SETTLE);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.READY), entry(4, WorkerState.STARTING));
		assertThat(slot(3)).isEqualTo(2);
	}

	@Test
	void aResizeUpByMoreThanTheSparesPromotesThemAndBootsTheRest() {
		startWithReadySpare();
		this.supervisor.resize(4);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.READY), entry(4, WorkerState.STARTING));
		assertThat(this.launcher.launch(4).env()).as("a worker, not a spare").doesNotContainKey(WorkerLauncher.SPARE);
		ready(4);
		this.clock.advance(Spares.SETTLE);
		step();
		assertThat(this.launcher.launches()).as("the spare follows once the pool is whole").hasSize(5);
		assertThat(this.launcher.launch(5).env()).containsEntry(WorkerLauncher.SPARE, "true");
	}

	@Test
	void aRecycledWorkerIsReplacedByTheSpareAndStoppedAtOnce() {
		SupervisorSettings settings = SupervisorFixture.settings(2).withRecycle(new RecyclePolicy(1000L, null, null));
		start(2, 1, settings);
		ready(1, 2);
		ready(3);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		this.supervisor.heartbeat(1, new WorkerStats(1000, 0, 5, 200, 40L << 20, 256L << 20, 0, 0, 0));
		step();
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING)
			.containsEntry(2, WorkerState.READY)
			.containsEntry(3, WorkerState.READY);
		assertThat(this.links.get(1).shutdownRequests()).isOne();
		assertThat(slot(3)).isZero();
		assertThat(this.supervisor.status().counters().recycles()).isOne();
	}

	@Test
	void aSpareThatIsNotReadyYetIsNotPromotedAndTheLostWorkerIsRespawned() {
		start(2, 1, SupervisorFixture.settings(2));
		ready(1, 2);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		exit(1, 137);
		assertThat(workers()).containsOnly(entry(2, WorkerState.READY), entry(3, WorkerState.STARTING),
				entry(4, WorkerState.STARTING));
		assertThat(this.launcher.launch(4).env()).doesNotContainKey(WorkerLauncher.SPARE);
		ready(3);
		assertThat(workers()).as("a spare ready after the respawn began stays a spare")
			.containsEntry(3, WorkerState.SPARE);
	}

	@Test
	void aRollingRestartStopsTheSparesOfTheOldGenerationAndNewOnesBootOnceItIsDone() {
		startWithReadySpare();
		this.supervisor.restart();
		step();
		assertThat(workers()).containsEntry(3, WorkerState.STOPPING);
		assertThat(this.links.get(3).shutdownRequests()).isOne();
		exit(3, 0);
		// The rollout: replacements 4 then 5, old workers stopped as each is ready
		ready(4);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
		exit(1, 0);
		ready(5);
		step();
		exit(2, 0);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
		step();
		List<FakeLauncher.Launch> spares = new ArrayList<>(this.launcher.launches()
			.stream()
			.filter((launch) -> launch.env().containsKey(WorkerLauncher.SPARE))
			.toList());
		assertThat(spares).extracting(FakeLauncher.Launch::generation).containsExactly(1, 2);
		assertThat(this.supervisor.status().rollout()).isNull();
	}

	@Test
	void aSpareOfAnOlderGenerationIsNeverPromoted() {
		startWithReadySpare();
		this.supervisor.restart();
		exit(1, 137);
		assertThat(this.links.get(3).promotions).isEmpty();
	}

	@Test
	void aSpareThatDiesIsReplacedAndCountsAsACrash() {
		startWithReadySpare();
		exit(3, 137);
		assertThat(this.supervisor.status().counters().crashes()).isOne();
		step();
		assertThat(workers()).containsEntry(4, WorkerState.STARTING);
		assertThat(this.launcher.launch(4).env()).containsEntry(WorkerLauncher.SPARE, "true");
	}

	@Test
	void aSpareThatMissesItsBootTimeoutIsKilled() {
		start(1, 1, SupervisorFixture.settings(1));
		ready(1);
		this.clock.advance(SupervisorFixture.BOOT_TIMEOUT.plusSeconds(1));
		step();
		assertThat(this.launcher.process(2).kills()).isOne();
	}

	@Test
	void aSpareThatCannotBeToldToAcceptIsKilledAndTheWorkerRespawned() {
		start(1, 1, SupervisorFixture.settings(1));
		ready(1);
		this.supervisor.connected(2, this.launcher.process(2).pid(), new SpareLink(false));
		this.supervisor.ready(2);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
		exit(1, 137);
		assertThat(this.launcher.process(2).kills()).isOne();
		assertThat(workers()).containsEntry(3, WorkerState.STARTING);
		assertThat(this.launcher.launch(3).env()).doesNotContainKey(WorkerLauncher.SPARE);
	}

	@Test
	void aQuitStopsTheSparesAndEndsOnceTheyHaveExited() {
		startWithReadySpare();
		var quit = this.supervisor.quit();
		step();
		assertThat(this.links.get(3).shutdownRequests()).isOne();
		exit(1, 0);
		exit(2, 0);
		assertThat(quit).isNotDone();
		exit(3, 0);
		assertThat(quit).isCompletedWithValue(0);
	}

	@Test
	void withoutSparesNothingChanges() {
		start(2, 0, SupervisorFixture.settings(2));
		ready(1, 2);
		step();
		assertThat(this.launcher.launches()).hasSize(2);
	}

	private void startWithReadySpare() {
		start(2, 1, SupervisorFixture.settings(2));
		ready(1, 2);
		ready(3);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.SPARE));
		// Past probation: a crash from now on is no young death
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
	}

	private void start(int size, int spares, SupervisorSettings settings) {
		this.supervisor = SupervisorFixture.supervisor(settings.withSize(size), this.launcher, Map.of(), this.clock);
		this.supervisor.spares(spares);
		step();
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	private void ready(int... ids) {
		for (int id : ids) {
			SpareLink link = new SpareLink(true);
			this.links.put(id, link);
			this.supervisor.connected(id, this.launcher.process(id).pid(), link);
			this.supervisor.ready(id);
		}
		step();
	}

	private void exit(int id, int code) {
		this.launcher.process(id).exit(code);
		step();
	}

	private int slot(int id) {
		return this.supervisor.status()
			.workers()
			.stream()
			.filter((worker) -> worker.id() == id)
			.findFirst()
			.orElseThrow()
			.slot();
	}

	private Map<Integer, WorkerState> workers() {
		return SupervisorSteps.states(this.supervisor);
	}

	/** A link that records promotions and shutdown requests. */
	private static final class SpareLink implements WorkerLink {

		private final boolean connected;

		private final List<Integer> promotions = new ArrayList<>();

		private int shutdownRequests;

		SpareLink(boolean connected) {
			this.connected = connected;
		}

		@Override
		public boolean requestShutdown() {
			this.shutdownRequests++;
			return this.connected;
		}

		@Override
		public boolean promote(int slot) {
			this.promotions.add(slot);
			return this.connected;
		}

		int shutdownRequests() {
			return this.shutdownRequests;
		}

	}

}
