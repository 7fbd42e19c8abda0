package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of the {@link Supervisor}'s quits: graceful, with a delay, hard, and the accept
 * queue.
 *
 * @author cluster-master
 */
class SupervisorQuitTests extends SupervisorTestSupport {

	// Quit

	@Test
	void quitAsksEveryWorkerToStopAndExitsWithZeroOnceAllHaveExited() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<Integer> quit = this.supervisor.quit();
		step();
		assertThat(this.supervisor.status().quitting()).isTrue();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.STOPPING));
		assertThat(this.links.get(1).shutdownRequests()).isEqualTo(1);
		assertThat(this.links.get(2).shutdownRequests()).isEqualTo(1);
		assertThat(this.launcher.process(1).kills()).isZero();
		exit(1, 0);
		assertThat(quit).isNotDone();
		assertThat(this.supervisor.terminated()).isNotDone();
		exit(2, 0);
		assertThat(quit).isCompletedWithValue(0);
		assertThat(this.supervisor.terminated()).isCompletedWithValue(0);
		assertThat(this.launcher.launches()).hasSize(2);
	}

	@Test
	void theAcceptQueueIsReadOnceASecondAndConnectionsThatKeepWaitingAreWarnedAboutOnce(CapturedOutput output) {
		start(settings(2));
		ready(1, 2);
		AtomicReference<Integer> queued = new AtomicReference<>(0);
		assertThat(this.supervisor.status().acceptQueue()).as("unknown").isEqualTo(-1);
		this.supervisor.acceptQueue(queued::get);
		this.clock.advance(Duration.ofSeconds(1));
		step();
		assertThat(this.supervisor.status().acceptQueue()).isZero();
		queued.set(7);
		step();
		assertThat(this.supervisor.status().acceptQueue()).as("read at most once a second").isZero();
		this.clock.advance(Duration.ofSeconds(1));
		step();
		assertThat(this.supervisor.status().acceptQueue()).isEqualTo(7);
		this.clock.advance(Duration.ofSeconds(9));
		step();
		assertThat(output).doesNotContain("waited in the shared accept queue");
		this.clock.advance(Duration.ofSeconds(1));
		step();
		this.clock.advance(Duration.ofSeconds(1));
		step();
		assertThat(output.toString().split("waited in the shared accept queue", -1)).hasSize(2);
		assertThat(output).contains("Connections have waited in the shared accept queue for 10.0 s (7 now): every "
				+ "worker is busy");
		queued.set(0);
		this.clock.advance(Duration.ofSeconds(1));
		step();
		assertThat(this.supervisor.status().acceptQueue()).isZero();
		assertThat(output).contains("The accept queue is empty again");
	}

	@Test
	void aGracefulQuitLeavesOneWorkerToServeTheAcceptQueueUntilItIsEmpty() {
		start(settings(3));
		ready(1, 2, 3);
		AtomicReference<Integer> queued = new AtomicReference<>(5);
		this.supervisor.acceptQueue(queued::get);
		CompletableFuture<Integer> exit = this.supervisor.quit();
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.STOPPING),
				entry(3, WorkerState.READY));
		exit(1, 0);
		exit(2, 0);
		assertThat(stopRequests(3)).isZero();
		queued.set(0);
		step();
		assertThat(workers()).containsExactly(entry(3, WorkerState.STOPPING));
		exit(3, 0);
		assertThat(exit).isCompletedWithValue(0);
	}

	@Test
	void theLastWorkerOfAQuitGoesAfterTheShutdownTimeoutEvenIfConnectionsStillWait() {
		start(settings(2));
		ready(1, 2);
		this.supervisor.acceptQueue(() -> 3);
		this.supervisor.quit();
		step();
		assertThat(workers()).containsEntry(2, WorkerState.READY);
		this.clock.advance(SHUTDOWN_TIMEOUT);
		step();
		assertThat(workers()).containsEntry(2, WorkerState.READY);
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(workers()).containsEntry(2, WorkerState.STOPPING);
	}

	@Test
	void aQuitDelayKeepsEveryWorkerServingForThatLong() {
		start(settings(2).withQuitDelay(Duration.ofSeconds(5)));
		ready(1, 2);
		this.supervisor.quit();
		step();
		assertThat(this.supervisor.status().quitting()).isTrue();
		this.clock.advance(Duration.ofMillis(4999));
		step();
		assertThat(stopRequests(1, 2)).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.STOPPING));
	}

	@Test
	void aSecondQuitDuringTheQuitDelayKillsEveryWorker() {
		start(settings(2).withQuitDelay(Duration.ofSeconds(30)));
		ready(1, 2);
		this.supervisor.quit();
		step();
		this.supervisor.quit();
		step();
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		assertThat(this.launcher.process(2).kills()).isEqualTo(1);
	}

	@Test
	void quitAlsoStopsWorkersThatAreStillStarting() {
		start(settings(2));
		ready(1);
		this.supervisor.quit();
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.STOPPING));
		assertThat(this.launcher.process(2).terminations()).isEqualTo(1);
	}

	@Test
	void quitWithNoWorkersExitsWithZeroAtOnce() {
		start(settings(0));
		CompletableFuture<Integer> quit = this.supervisor.quit();
		step();
		assertThat(quit).isCompletedWithValue(0);
	}

	@Test
	void aSecondQuitKillsEveryWorkerAndExitsWithOne() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<Integer> first = this.supervisor.quit();
		step();
		CompletableFuture<Integer> second = this.supervisor.quit();
		step();
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		assertThat(this.launcher.process(2).kills()).isEqualTo(1);
		exit(1, 137);
		exit(2, 137);
		assertThat(second).isCompletedWithValue(1);
		assertThat(first).isCompletedWithValue(1);
		assertThat(this.supervisor.terminated()).isCompletedWithValue(1);
	}

	@Test
	void quitHardKillsEveryWorkerAndExitsWithOne() {
		start(settings(2));
		ready(1);
		CompletableFuture<Integer> quit = this.supervisor.quitHard();
		step();
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		assertThat(this.launcher.process(2).kills()).isEqualTo(1);
		assertThat(this.links.get(1).shutdownRequests()).isZero();
		assertThat(quit).isNotDone();
		this.launcher.process(1).exit(137);
		this.launcher.process(2).exit(137);
		step();
		assertThat(quit).isCompletedWithValue(1);
		assertThat(this.supervisor.terminated()).isCompletedWithValue(1);
	}

	@Test
	void quitAbortsARunningRestartAndPendingResizes() {
		start(settings(1));
		ready(1);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(3);
		this.supervisor.quit();
		step();
		assertFailure(restarted, RestartAbortedException.class).withMessageContaining("quitting");
		assertFailure(resized, IllegalStateException.class).withMessageContaining("quitting");
	}

	@Test
	void apiCallsAfterQuittingFail() {
		start(settings(1));
		ready(1);
		this.supervisor.quit();
		step();
		CompletableFuture<ClusterStatus> resized = this.supervisor.resize(3);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		assertFailure(resized, IllegalStateException.class).withMessageContaining("quitting");
		assertFailure(restarted, IllegalStateException.class).withMessageContaining("quitting");
		exit(1, 0);
		assertThat(this.supervisor.terminated()).isCompletedWithValue(0);
		assertFailure(this.supervisor.quit(), IllegalStateException.class).withMessageContaining("quit");
		assertFailure(this.supervisor.resize(1), IllegalStateException.class);
		assertFailure(this.supervisor.restart(), IllegalStateException.class);
		assertThat(this.launcher.launches()).hasSize(1);
	}

}
