package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Autoscaler}'s decisions, with a clock of its own.
 *
 * @author cluster-master
 */
class AutoscalerTests {

	private static final AutoscalePolicy POLICY = new AutoscalePolicy(1, 3, Duration.ofSeconds(10),
			Duration.ofSeconds(60), Duration.ofSeconds(30), 0.8);

	private final Autoscaler autoscaler = new Autoscaler(POLICY);

	private Instant now = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void connectionsWaitingForTheWholeWindowGrowThePoolByOne() {
		assertThat(tick(1, 5, idle(1))).isNull();
		this.now = this.now.plusSeconds(9);
		assertThat(tick(1, 5, idle(1))).isNull();
		this.now = this.now.plusSeconds(1);
		Autoscaler.Change change = tick(1, 7, idle(1));
		assertThat(change.size()).isEqualTo(2);
		assertThat(change.reason())
			.isEqualTo("under pressure for 100% of the last 10.0 s, now 7 connections waiting in the shared accept queue");
	}

	@Test
	void aDipInTheWindowDoesNotStartItOver() {
		for (int second = 0; second < 10; second++) {
			assertThat(tick(1, (second == 5) ? 0 : 5, idle(1))).isNull();
			this.now = this.now.plusSeconds(1);
		}
		Autoscaler.Change change = tick(1, 5, idle(1));
		assertThat(change).isNotNull();
		assertThat(change.reason()).startsWith("under pressure for 91% of the last 10.0 s");
	}

	@Test
	void aSawtoothOfBusyThreadsGrowsThePoolOnceTheWindowIsMostlyUnderPressure() {
		// 2 workers x 100 threads: bursts of 3 s with every thread busy, then 1 s with none (a heartbeat between
		// two bursts), as batches of slow requests with a short gap do. Pressure never holds for a whole window
		// (what the pool needed before), but 9 of the 11 samples of the first window are under pressure
		Autoscaler.Change change = null;
		int second = 0;
		while (change == null && second < 60) {
			change = tick(2, 0, busy(2, (second % 4 == 3) ? 0 : 200));
			this.now = this.now.plusSeconds(1);
			second++;
		}
		assertThat(change).as("grew within the window and a burst").isNotNull();
		assertThat(second - 1).as("the second it grew").isEqualTo(10);
		assertThat(change.size()).isEqualTo(3);
		assertThat(change.reason()).isEqualTo("under pressure for 82% of the last 10.0 s, now 100% of the request "
				+ "threads busy (cluster.master.autoscale.busy-threshold=80%)");
	}

	@Test
	void aSawtoothMostlyBelowTheThresholdDoesNotGrowThePool() {
		// bursts of 1 s, then 2 s below the threshold: a third of the window under pressure
		for (int second = 0; second < 120; second++) {
			assertThat(tick(2, 0, busy(2, (second % 3 == 0) ? 200 : 100))).as("second " + second).isNull();
			this.now = this.now.plusSeconds(1);
		}
	}

	@Test
	void aWindowMostlyUnderPressureDoesNotGrowThePoolOnceThePressureIsOver() {
		for (int second = 0; second < 10; second++) {
			tick(1, 5, idle(1));
			this.now = this.now.plusSeconds(1);
		}
		assertThat(tick(1, 0, idle(1))).as("the load is over").isNull();
		this.now = this.now.plusSeconds(1);
		assertThat(tick(1, 3, idle(1))).as("pressure again, 10 of the 11 samples of the window").isNotNull();
	}

	@Test
	void aWindowNotYetCoveredBySamplesDoesNotGrowThePool() {
		this.now = this.now.plusSeconds(1);
		assertThat(tick(1, 5, idle(1))).isNull();
		this.now = this.now.plusSeconds(9);
		assertThat(tick(1, 5, idle(1))).as("sampled for 9 s of 10").isNull();
		this.now = this.now.plusSeconds(1);
		assertThat(tick(1, 5, idle(1))).isNotNull();
	}

	@Test
	void busyThreadsAboveTheThresholdAreAPressureToo() {
		tick(2, 0, busy(2, 170));
		this.now = this.now.plusSeconds(10);
		Autoscaler.Change change = tick(2, 0, busy(2, 170));
		assertThat(change.size()).isEqualTo(3);
		assertThat(change.reason()).isEqualTo("under pressure for 100% of the last 10.0 s, now 85% of the request "
				+ "threads busy (cluster.master.autoscale.busy-threshold=80%)");
	}

	@Test
	void neverAboveMax() {
		tick(3, 5, idle(3));
		this.now = this.now.plusSeconds(60);
		assertThat(tick(3, 5, idle(3))).isNull();
	}

	@Test
	void idleWorkersForTheIdleWindowShrinkThePoolByOneButNeverBelowMin() {
		tick(2, 0, busy(2, 10));
		this.now = this.now.plusSeconds(60);
		Autoscaler.Change change = tick(2, 0, busy(2, 10));
		assertThat(change.size()).isEqualTo(1);
		assertThat(change.reason())
			.isEqualTo("the workers were idle for 60.0 s (5% of the request threads busy, no connection waiting)");
		this.autoscaler.changed(this.now);
		this.now = this.now.plusSeconds(600);
		assertThat(tick(1, 0, idle(1))).isNull();
	}

	@Test
	void busyEnoughThatOneWorkerFewerWouldBeOverHalfTheThresholdIsNotIdle() {
		// 2 x 100 threads, 90 busy: 45% now, and the 90 on one worker fewer would be over 40% of its 100.
		tick(2, 0, busy(2, 90));
		this.now = this.now.plusSeconds(120);
		assertThat(tick(2, 0, busy(2, 90))).isNull();
		tick(2, 0, busy(2, 30));
		this.now = this.now.plusSeconds(60);
		assertThat(tick(2, 0, busy(2, 30))).isNotNull();
	}

	@Test
	void aServerWithoutAThreadPoolIsIdleWhenNothingIsInFlight() {
		WorkerStats serving = new WorkerStats(100, 1, null, null, 1, 1, 1, 0, 0);
		WorkerStats resting = new WorkerStats(100, 0, null, null, 1, 1, 1, 0, 0);
		tick(2, 0, List.of(serving, resting));
		this.now = this.now.plusSeconds(120);
		assertThat(tick(2, 0, List.of(serving, resting))).isNull();
		tick(2, 0, List.of(resting, resting));
		this.now = this.now.plusSeconds(60);
		assertThat(tick(2, 0, List.of(resting, resting)).reason()).contains("no request in flight");
	}

	@Test
	void noChangeDuringTheCooldownOfTheLastOne() {
		this.autoscaler.changed(this.now);
		tick(1, 5, idle(1));
		this.now = this.now.plusSeconds(29);
		assertThat(tick(1, 5, idle(1))).as("pressure for 29 s, but in the cooldown").isNull();
		this.now = this.now.plusSeconds(1);
		assertThat(tick(1, 5, idle(1))).isNotNull();
	}

	@Test
	void aPoolThatIsNotSteadyStartsTheWindowsOver() {
		tick(1, 5, idle(1));
		this.now = this.now.plusSeconds(9);
		assertThat(this.autoscaler.decide(this.now, 1, false, 5, idle(1))).isNull();
		this.now = this.now.plusSeconds(1);
		assertThat(tick(1, 5, idle(1))).isNull();
	}

	@Test
	void offDecidesNothing() {
		Autoscaler off = new Autoscaler(AutoscalePolicy.OFF);
		assertThat(off.decide(this.now, 1, true, 100, idle(1))).isNull();
		assertThat(off.decide(this.now.plusSeconds(3600), 1, true, 100, idle(1))).isNull();
	}

	@Test
	void boundsSayWhatIsOutside() {
		assertThat(POLICY.outside(1)).isNull();
		assertThat(POLICY.outside(3)).isNull();
		assertThat(POLICY.outside(4))
			.isEqualTo("4 workers is outside the autoscaling bounds, cluster.master.autoscale.min=1 to max=3");
		assertThat(AutoscalePolicy.OFF.outside(4)).isNull();
	}

	private Autoscaler.Change tick(int size, int queued, List<WorkerStats> stats) {
		return this.autoscaler.decide(this.now, size, true, queued, stats);
	}

	private static List<WorkerStats> idle(int workers) {
		return busy(workers, 0);
	}

	private static List<WorkerStats> busy(int workers, int busyThreads) {
		return Collections.nCopies(workers,
				new WorkerStats(1000, busyThreads / workers, busyThreads / workers, 100, 1, 1, 1, 0, 0));
	}

}
