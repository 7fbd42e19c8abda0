package io.github.clustermaster.supervisor;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the stable slots the {@link Supervisor} gives its workers ({@link WorkerSlots}),
 * one step at a time with fake processes and a clock that moves only when told.
 *
 * @author cluster-master
 */
class SupervisorSlotTests {

	private final MutableClock clock = new MutableClock();

	private final FakeLauncher launcher = new FakeLauncher();

	private Supervisor supervisor;

	@Test
	void theFirstWorkersTakeTheSlotsFromZeroToSizeMinusOne() {
		start(SupervisorFixture.settings(3));
		assertThat(slots()).containsExactly(entry(1, 0), entry(2, 1), entry(3, 2));
		assertThat(this.launcher.launches()).extracting(FakeLauncher.Launch::slot).containsExactly(0, 1, 2);
	}

	@Test
	void aRespawnAfterACrashTakesTheSlotOfTheWorkerThatDied() {
		start(SupervisorFixture.settings(3));
		SupervisorSteps.ready(this.supervisor, this.launcher, 1, 2, 3);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		this.launcher.process(2).exit(1);
		step();
		step();
		assertThat(slots()).containsExactly(entry(1, 0), entry(3, 2), entry(4, 1));
	}

	@Test
	void aRecycledWorkersReplacementTakesItsSlot() {
		start(SupervisorFixture.settings(2).withRecycle(new RecyclePolicy(1000L, null, null)));
		SupervisorSteps.ready(this.supervisor, this.launcher, 1, 2);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		this.supervisor.heartbeat(2, new WorkerStats(1000, 0, 5, 200, 40L << 20, 256L << 20, -1, 120, 7));
		step();
		// Worker 3 boots beside worker 2, in its slot: briefly two workers share slot 1.
		assertThat(slots()).containsExactly(entry(1, 0), entry(2, 1), entry(3, 1));
	}

	@Test
	void aRollingRestartsReplacementsTakeTheSlotsOfTheWorkersTheyReplace() {
		start(SupervisorFixture.settings(2));
		SupervisorSteps.ready(this.supervisor, this.launcher, 1, 2);
		this.supervisor.restart();
		step();
		assertThat(this.launcher.launch(3).slot()).isZero();
		SupervisorSteps.ready(this.supervisor, this.launcher, 3);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
		step();
		assertThat(this.launcher.launch(4).slot()).isOne();
		SupervisorSteps.ready(this.supervisor, this.launcher, 4);
		this.launcher.process(1).exit(0);
		this.launcher.process(2).exit(0);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		step();
		step();
		assertThat(slots()).containsExactly(entry(3, 0), entry(4, 1));
		assertThat(this.supervisor.status().rollout()).isNull();
	}

	@Test
	void aResizeDownStopsTheWorkersOfTheHighestSlotsAndAResizeUpTakesTheLowestFree() {
		start(SupervisorFixture.settings(3));
		SupervisorSteps.ready(this.supervisor, this.launcher, 1, 2, 3);
		this.clock.advance(SupervisorFixture.MIN_RESTART_AGE);
		this.launcher.process(1).exit(1);
		step();
		step();
		SupervisorSteps.ready(this.supervisor, this.launcher, 4);
		assertThat(slots()).containsExactly(entry(2, 1), entry(3, 2), entry(4, 0));
		this.supervisor.resize(2);
		step();
		// Worker 4 is the newest, but holds slot 0: worker 3 of slot 2 goes.
		assertThat(SupervisorSteps.states(this.supervisor)).containsEntry(3, WorkerState.STOPPING)
			.containsEntry(4, WorkerState.READY);
		this.launcher.process(3).exit(0);
		step();
		this.supervisor.resize(3);
		step();
		assertThat(slots()).containsExactly(entry(2, 1), entry(4, 0), entry(5, 2));
	}

	private void start(SupervisorSettings settings) {
		this.supervisor = SupervisorFixture.supervisor(settings, this.launcher, Map.of(), this.clock);
		step();
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	private Map<Integer, Integer> slots() {
		Map<Integer, Integer> slots = new java.util.LinkedHashMap<>();
		this.supervisor.workers().forEach((worker) -> slots.put(worker.id(), worker.slot()));
		return slots;
	}

}
