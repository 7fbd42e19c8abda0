package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for the {@link Supervisor}'s autoscaling between bounds, one step at a time with
 * fake processes, a fake accept queue and a clock that moves only when told.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorAutoscaleTests {

	private static final AutoscalePolicy POLICY = new AutoscalePolicy(1, 2, Duration.ofSeconds(5),
			Duration.ofSeconds(20), Duration.ofSeconds(10), 0.8);

	private final MutableClock clock = new MutableClock();

	private final FakeLauncher launcher = new FakeLauncher();

	private int queued;

	private Supervisor supervisor;

	@Test
	void aQueueThatStaysGrowsThePoolToMaxAndAnIdlePoolShrinksBackToMin(CapturedOutput output) {
		start(1);
		ready(1);
		this.queued = 4;
		for (int second = 0; second <= 5; second++) {
			tick();
		}
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.STARTING));
		assertThat(output).contains("Autoscaling from 1 to 2 workers: under pressure for 100% of the last 5.0 s, now "
				+ "4 connections waiting in the shared accept queue");
		ready(2);
		for (int second = 0; second <= 30; second++) {
			tick();
		}
		assertThat(this.launcher.launches()).as("never above max").hasSize(2);
		this.queued = 0;
		for (int second = 0; second <= 20; second++) {
			tick();
		}
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.STOPPING));
		assertThat(output).contains("Autoscaling from 2 to 1 worker: the workers were idle for 20.0 s");
	}

	@Test
	void noChangeDuringARollingRestart() {
		start(1);
		ready(1);
		this.supervisor.restart(null, 0);
		step();
		this.queued = 4;
		for (int second = 0; second <= 10; second++) {
			tick();
		}
		assertThat(this.supervisor.size()).isOne();
	}

	@Test
	void aResizeOutsideTheBoundsIsRefusedAndChangesNothing() {
		start(1);
		ready(1);
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(3);
		assertThat(resized).isCompletedExceptionally();
		assertThatThrownBy(resized::join).cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("3 workers is outside the autoscaling bounds, cluster.master.autoscale.min=1 to max=2; resize "
					+ "within them, or change the bounds");
		step();
		assertThat(this.supervisor.size()).isOne();
	}

	@Test
	void aResizeWithinTheBoundsIsAChangeThatStartsTheWindowsOver() {
		start(2);
		ready(1, 2);
		for (int second = 0; second < 15; second++) {
			tick();
		}
		this.supervisor.resize(2);
		step();
		for (int second = 0; second < 15; second++) {
			tick();
		}
		assertThat(this.supervisor.size()).as("idle for 30 s, but only 15 s since the operator's resize").isEqualTo(2);
		for (int second = 0; second < 6; second++) {
			tick();
		}
		assertThat(this.supervisor.size()).isOne();
	}

	private void start(int size) {
		SupervisorSettings settings = SupervisorFixture.settings(size).withAutoscale(POLICY);
		this.supervisor = SupervisorFixture.supervisor(settings, this.launcher, Map.of(), this.clock);
		this.supervisor.acceptQueue(() -> this.queued);
		step();
	}

	/** A second passes; every worker sends its heartbeat, with nothing in flight. */
	private void tick() {
		this.clock.advance(Duration.ofSeconds(1));
		this.supervisor.workers()
			.forEach((worker) -> this.supervisor.heartbeat(worker.id(),
					new WorkerStats(100, 0, 0, 200, 1, 1, 1, 0, 0)));
		step();
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	private void ready(int... ids) {
		SupervisorSteps.ready(this.supervisor, this.launcher, ids);
	}

	private Map<Integer, WorkerState> workers() {
		return SupervisorSteps.states(this.supervisor);
	}

}
