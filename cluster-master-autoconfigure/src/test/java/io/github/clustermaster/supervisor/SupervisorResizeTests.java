package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of the {@link Supervisor}'s resizes.
 *
 * @author cluster-master
 */
class SupervisorResizeTests extends SupervisorTestSupport {

	// Resize

	@Test
	void resizeUpSpawnsTheMissingWorkersAndCompletesWhenAllAreReady() {
		start(settings(1));
		ready(1);
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(3);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.STARTING),
				entry(3, WorkerState.STARTING));
		assertThat(this.supervisor.size()).isEqualTo(3);
		assertThat(resized).isNotDone();
		ready(2);
		assertThat(resized).isNotDone();
		ready(3);
		assertThat(resized).isDone();
	}

	@Test
	void twoRelativeResizesWithinOneStepAddTwoWorkers() {
		start(settings(2));
		ready(1, 2);
		// As two SIGTTINs within one step: a resize to a snapshot's size + 1 would add one.
		CompletableFuture<ClusterStatus> first = this.supervisor.resizeBy(1, WorkerPoolManager.SizeCheck.NONE);
		CompletableFuture<ClusterStatus> second = this.supervisor.resizeBy(1, WorkerPoolManager.SizeCheck.NONE);
		step();
		assertThat(this.supervisor.size()).isEqualTo(4);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.STARTING), entry(4, WorkerState.STARTING));
		assertThat(first).as("superseded by the second").isDone();
		ready(3, 4);
		assertThat(second).isDone();
	}

	@Test
	void aRelativeResizeIsCheckedWithTheSizesOfTheSupervisorAndNeverGoesBelowZero() {
		start(settings(1));
		List<String> checked = new java.util.ArrayList<>();
		CompletableFuture<ClusterStatus> refused = this.supervisor.resizeBy(2, (from, to) -> {
			checked.add(from + "->" + to);
			throw new IllegalStateException("too many");
		});
		this.supervisor.resizeBy(-5, (from, to) -> checked.add(from + "->" + to));
		step();
		assertThat(checked).containsExactly("1->3", "1->0");
		assertThat(refused).isCompletedExceptionally();
		assertThat(this.supervisor.size()).isZero();
	}

	@Test
	void theResizeFutureCarriesTheStatusThatWasReached() {
		start(settings(1));
		ready(1);
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(2);
		step();
		ready(2);
		assertThat(resized).isDone();
		ClusterStatus reached = resized.join();
		assertThat(reached.size()).isEqualTo(2);
		assertThat(reached.count(WorkerState.READY)).isEqualTo(2);
	}

	@Test
	void resizeToTheCurrentSizeCompletesAtOnceWhenEveryWorkerIsReady() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(2);
		step();
		assertThat(resized).isDone();
		assertThat(this.launcher.launches()).hasSize(2);
	}

	@Test
	void resizeDownStopsTheNewestWorkersGracefully() {
		start(settings(4));
		ready(1, 2, 3, 4);
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(2);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.STOPPING), entry(4, WorkerState.STOPPING));
		assertThat(this.links.get(4).shutdownRequests()).isEqualTo(1);
		assertThat(this.links.get(3).shutdownRequests()).isEqualTo(1);
		assertThat(this.links.get(1).shutdownRequests()).isZero();
		assertThat(this.links.get(2).shutdownRequests()).isZero();
		assertThat(this.launcher.process(3).terminations()).isZero();
		assertThat(this.launcher.process(4).terminations()).isZero();
		assertThat(resized).isNotDone();
		exit(4, 0);
		assertThat(resized).isNotDone();
		exit(3, 0);
		assertThat(resized).isDone();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
	}

	@Test
	void aWorkerStoppedByAResizeIsNotRespawnedWhateverItsExitCode() {
		start(settings(2));
		ready(1, 2);
		this.supervisor.resize(1);
		step();
		exit(2, 143);
		this.clock.advance(Duration.ofMinutes(1));
		step();
		assertThat(this.launcher.launches()).hasSize(2);
		assertThat(this.supervisor.status().danger()).isFalse();
	}

	@Test
	void resizeDownSendsSigtermToAWorkerWithoutALink() {
		start(settings(2));
		this.supervisor.ready(1);
		this.supervisor.ready(2);
		step();
		this.supervisor.resize(1);
		step();
		assertThat(workers()).containsEntry(2, WorkerState.STOPPING);
		assertThat(this.launcher.process(2).terminations()).isEqualTo(1);
		assertThat(this.launcher.process(1).terminations()).isZero();
	}

	@Test
	void resizeDownSendsSigtermWhenTheShutdownRequestCannotBeSent() {
		start(settings(2));
		ready(1);
		FakeLink broken = new FakeLink(false);
		this.supervisor.connected(2, pid(2), broken);
		this.supervisor.ready(2);
		step();
		this.supervisor.resize(1);
		step();
		assertThat(broken.shutdownRequests()).isEqualTo(1);
		assertThat(this.launcher.process(2).terminations()).isEqualTo(1);
	}

	@Test
	void aLaterResizeCompletesAnEarlierOneItSupersedes() {
		start(settings(1));
		ready(1);
		CompletableFuture<ClusterStatus> first = this.supervisor.resize(3);
		step();
		CompletableFuture<ClusterStatus> second = this.supervisor.resize(1);
		step();
		assertThat(first).isDone();
		assertThat(second).isNotDone();
		exit(3, 0);
		exit(2, 0);
		assertThat(second).isDone();
	}

	@Test
	void resizeToANegativeSizeFails() {
		start(settings(2));
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(-1);
		assertFailure(resized, IllegalArgumentException.class).withMessageContaining("-1");
		step();
		assertThat(this.supervisor.size()).isEqualTo(2);
	}

}
