package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of the {@link Supervisor}'s rolling restarts: probation, the requester replaced
 * last, the canary's abort, surges and rollbacks.
 *
 * @author cluster-master
 */
class SupervisorRolloutTests extends SupervisorTestSupport {

	// Rolling restart

	@Test
	void rollingRestartReplacesOneWorkerAtATimeAfterTheFirstReplacementPassesProbation() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		stepKeepingTwoReady();
		assertThat(this.supervisor.status().restarting()).isTrue();
		assertThat(this.supervisor.status().generation()).isEqualTo(2);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY),
				entry(3, WorkerState.STARTING));
		assertThat(this.launcher.launch(3).generation()).isEqualTo(2);

		// Nothing is stopped while the replacement boots.
		this.clock.advance(Duration.ofSeconds(10));
		stepKeepingTwoReady();
		assertThat(this.launcher.launches()).hasSize(3);
		assertThat(stopRequests(1, 2)).isZero();

		// Nor while it is on probation.
		readyKeepingTwoReady(3);
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		stepKeepingTwoReady();
		assertThat(stopRequests(1, 2)).isZero();
		assertThat(this.launcher.launches()).hasSize(3);

		// Probation over: the oldest old worker is stopped, then the next is replaced.
		this.clock.advance(Duration.ofMillis(1));
		stepKeepingTwoReady();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.READY),
				entry(3, WorkerState.READY));
		assertThat(this.links.get(1).shutdownRequests()).isEqualTo(1);
		assertThat(this.links.get(2).shutdownRequests()).isZero();
		stepKeepingTwoReady();
		assertThat(workers()).containsEntry(4, WorkerState.STARTING);
		assertThat(this.launcher.launch(4).generation()).isEqualTo(2);
		assertThat(this.links.get(2).shutdownRequests()).isZero();
		stepKeepingTwoReady();
		assertThat(this.links.get(2).shutdownRequests()).isZero();
		exit(1, 0);
		assertThat(restarted).isNotDone();

		// Later replacements are not on probation.
		readyKeepingTwoReady(4);
		assertThat(workers()).containsEntry(2, WorkerState.STOPPING);
		assertThat(this.links.get(2).shutdownRequests()).isEqualTo(1);
		stepKeepingTwoReady();
		// Done only once the last old worker has drained and exited...
		assertThat(restarted).isNotDone();
		exit(2, 0);
		// ...and every replacement has lived min-restart-age since it was ready.
		assertThat(restarted).isNotDone();
		assertThat(this.supervisor.status().rollout()).isNotNull();
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		stepKeepingTwoReady();
		assertThat(restarted).isNotDone();
		this.clock.advance(Duration.ofMillis(1));
		stepKeepingTwoReady();
		assertThat(restarted).isDone();
		RestartResult result = restarted.join();
		assertThat(result.generation()).isEqualTo(2);
		assertThat(result.replaced()).isEqualTo(2);
		assertThat(result.took()).isEqualTo(Duration.ofSeconds(12).plus(MIN_RESTART_AGE));
		assertThat(this.supervisor.status().rollout()).isNull();
		assertThat(this.supervisor.status().lastRollout()).satisfies((last) -> {
			assertThat(last.result()).isEqualTo(RolloutOutcome.Result.DONE);
			assertThat(last.message()).isEqualTo("Rolling restart to generation 2 done: 2 workers replaced in 14.0 s");
		});
		assertThat(this.supervisor.status().restarting()).isFalse();
		assertThat(workers()).containsExactly(entry(3, WorkerState.READY), entry(4, WorkerState.READY));
		assertThat(this.supervisor.workers()).allSatisfy((worker) -> assertThat(worker.generation()).isEqualTo(2));
		assertThat(this.launcher.launches()).hasSize(4);
	}

	@Test
	void everyUnaskedExitIsLoggedWithItsReasonInWords(CapturedOutput output) {
		start(settings(3));
		ready(1, 2, 3);
		this.clock.advance(Duration.ofMinutes(1));
		exit(1, 3);
		assertThat(output).contains("Worker 1 (pid " + pid(1) + ") died with exit code 3 after 60.0 s (was READY)");
		exit(2, 137);
		assertThat(output).contains("Worker 2 (pid " + pid(2) + ") was killed by signal 9 (SIGKILL) that the master "
				+ "did not send: killed from outside, out of memory?");
		exit(3, 134);
		assertThat(output).contains("Worker 3 (pid " + pid(3) + ") was killed by signal 6 (SIGABRT: the JVM aborted");
	}

	@Test
	void theWorkerThatRelayedARestartIsReplacedLastAfterTheOutcomeIsKnown() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(null, 1);
		// What the relaying worker has been asked when its answer is sent: nothing yet.
		AtomicReference<Integer> stopsOfTheRequesterWhenAnswered = new AtomicReference<>();
		restarted.thenRun(() -> stopsOfTheRequesterWhenAnswered.set(stopRequests(1)));
		stepKeepingTwoReady();
		readyKeepingTwoReady(3);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeepingTwoReady();
		// Worker 1 relayed the request: the other old worker goes first.
		assertThat(workers()).containsEntry(1, WorkerState.READY).containsEntry(2, WorkerState.STOPPING);
		exit(2, 0);
		readyKeepingTwoReady(4);
		assertThat(workers()).containsEntry(1, WorkerState.READY);
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		stepKeepingTwoReady();
		assertThat(restarted).isNotDone();
		assertThat(stopRequests(1)).isZero();
		// Every replacement proved itself: the outcome is answered, then worker 1 is stopped.
		this.clock.advance(Duration.ofMillis(1));
		stepKeepingTwoReady();
		assertThat(restarted).isDone();
		assertThat(stopsOfTheRequesterWhenAnswered.get()).isZero();
		assertThat(restarted.join().replaced()).isEqualTo(2);
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(3, WorkerState.READY),
				entry(4, WorkerState.READY));
		assertThat(this.supervisor.status().restarting()).isFalse();
		exit(1, 0);
		stepKeepingTwoReady();
		assertThat(workers()).containsExactly(entry(3, WorkerState.READY), entry(4, WorkerState.READY));
		assertThat(this.launcher.launches()).hasSize(4);
	}

	@Test
	void aPoolOfOneKeepsTheRelayingWorkerUntilItsReplacementHasProvenItself() {
		start(settings(1));
		ready(1);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(null, 1);
		stepKeeping(1);
		readyKeeping(1, 2);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeeping(1);
		assertThat(restarted).isDone();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.READY));
	}

	@Test
	void anAbortedRestartIsAnsweredOnceItsRollbackHasEndedAndTheRelayingWorkerServesOn() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(null, 2);
		stepKeepingTwoReady();
		readyKeepingTwoReady(3);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeepingTwoReady();
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING).containsEntry(2, WorkerState.READY);
		exit(1, 0);
		exit(4, 1);
		assertThat(restarted).isNotDone();
		this.clock.advance(Duration.ofSeconds(5));
		stepKeeping(2);
		int rollbackWorker = this.launcher.launches().get(this.launcher.launches().size() - 1).id();
		readyKeeping(2, rollbackWorker);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeeping(2);
		assertThat(restarted).isNotDone();
		exit(3, 0);
		assertFailure(restarted, RestartAbortedException.class).withMessageContaining("rolled back to generation 1");
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY), entry(rollbackWorker, WorkerState.READY));
		assertThat(stopRequests(2)).isZero();
	}

	@Test
	void aReplacementTheCanaryFindsFailingIsAskedToStopInTheStepThatJudgedIt() {
		start(settings(2, new MaxSurge(1, false)));
		ready(1);
		ready(2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(null, 0);
		step();
		ready(3);
		outcomes(1, 300, 0);
		outcomes(2, 300, 0);
		outcomes(3, 25, 25);
		step();
		// Aborted, and its rollback's first step taken at once: no loop pass later
		assertThat(stopRequests(3)).isEqualTo(1);
		assertThat(stopRequests(1, 2)).isZero();
		exit(3, 0);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertFailure(restarted, RestartAbortedException.class)
			.withMessageContaining("the new release answered 25 of 25 requests (100.0%) with 5xx");
	}

	private void outcomes(int id, long requests, long status5xx) {
		RequestOutcomes.Counts window = new RequestOutcomes.Counts(requests - status5xx, 0, 0, status5xx, 0);
		this.supervisor.heartbeat(id, new WorkerStats(requests, 0, null, null, 0, 0, 0, 0, 0,
				new RequestOutcomes(window, window, 10_000, 2.0, 5.0)));
	}

	@Test
	void restartWithAnEnvironmentGivesTheNewWorkersThatEnvironment() {
		start(settings(1));
		ready(1);
		Map<String, String> green = Map.of("MODE", "green", "FEATURE", "on");
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(green);
		step();
		assertThat(this.launcher.launch(2).env()).isEqualTo(green);
		ready(2);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		exit(1, 0);
		assertThat(restarted).isDone();
		// Respawns after the restart keep the new environment.
		this.clock.advance(Duration.ofSeconds(10));
		exit(2, 1);
		assertThat(this.launcher.launch(3).env()).isEqualTo(green);
		assertThat(this.launcher.launch(3).generation()).isEqualTo(2);
	}

	@Test
	void whoeverARestartCompletesForSeesTheFinalPoolInTheStatus() {
		start(settings(1));
		ready(1);
		AtomicReference<ClusterStatus> seen = new AtomicReference<>();
		this.supervisor.restart().thenRun(() -> seen.set(this.supervisor.status()));
		step();
		ready(2);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		exit(1, 0);
		assertThat(seen.get().workers()).extracting(WorkerInfo::id).containsExactly(2);
		assertThat(seen.get().restarting()).isFalse();
	}

	@Test
	void restartWithoutAnEnvironmentKeepsTheCurrentOne() {
		start(settings(1));
		ready(1);
		this.supervisor.restart();
		step();
		assertThat(this.launcher.launch(2).env()).isEqualTo(ENV);
		assertThat(this.launcher.launch(2).generation()).isEqualTo(2);
	}

	@Test
	void aSecondRestartWhileOneRunsFailsWithAlreadyRunning() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> first = this.supervisor.restart();
		step();
		CompletableFuture<RestartResult> second = this.supervisor.restart(Map.of("MODE", "green"));
		step();
		assertFailure(second, IllegalStateException.class).withMessageContaining("already running");
		assertThat(first).isNotDone();
		assertThat(this.supervisor.status().generation()).isEqualTo(2);
		assertThat(this.launcher.launches()).hasSize(3);
	}

	@Test
	void theFirstReplacementDyingOnProbationAbortsTheRestartAndKeepsTheOldWorkers() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(Map.of("MODE", "green"));
		step();
		ready(3);
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		exit(3, 1);
		assertFailure(restarted, RestartAbortedException.class).withMessageContaining("generation 2");
		ClusterStatus status = this.supervisor.status();
		assertThat(status.restarting()).isFalse();
		assertThat(status.generation()).isEqualTo(1);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
		assertThat(stopRequests(1, 2)).isZero();
		assertThat(this.launcher.process(1).terminations() + this.launcher.process(1).kills()).isZero();
		assertThat(this.launcher.process(2).terminations() + this.launcher.process(2).kills()).isZero();
		// Nothing replaces the old workers later either.
		this.clock.advance(Duration.ofMinutes(1));
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
		// The old generation and environment are back for the next worker.
		this.supervisor.resize(3);
		step();
		assertThat(this.launcher.launch(4).generation()).isEqualTo(1);
		assertThat(this.launcher.launch(4).env()).isEqualTo(ENV);
	}

	@Test
	void theFirstReplacementDyingBeforeItIsReadyAbortsTheRestart() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		exit(3, 1);
		assertFailure(restarted, RestartAbortedException.class);
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
	}

	@Test
	void theFirstReplacementNotBootingInTimeAbortsTheRestartWithoutStartingAnotherReplacement() {
		start(settings(2).withBootTimeout(Duration.ofSeconds(30)));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		this.clock.advance(Duration.ofSeconds(31));
		heartbeat(1);
		heartbeat(2);
		step();
		assertThat(this.launcher.process(3).kills()).isEqualTo(1);
		assertThat(this.launcher.launches()).hasSize(3);
		exit(3, 137);
		assertFailure(restarted, RestartAbortedException.class);
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.READY));
		assertThat(this.launcher.launches()).hasSize(3);
	}

	@Test
	void anOldWorkerThatCrashesDuringARestartCountsAsReplaced() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		this.clock.advance(Duration.ofSeconds(10));
		exit(2, 1);
		ready(3);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertThat(workers()).containsEntry(4, WorkerState.STARTING);
		ready(4);
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING);
		exit(1, 0);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertThat(restarted).isDone();
		assertThat(restarted.join().replaced()).isEqualTo(2);
		assertThat(workers()).containsExactly(entry(3, WorkerState.READY), entry(4, WorkerState.READY));
	}

	@Test
	void theFirstReplacementDyingAfterProbationDoesNotAbortTheRestart() {
		start(settings(1));
		ready(1);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		ready(2);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING);
		exit(2, 1);
		assertThat(restarted).isNotDone();
		exit(1, 0);
		// The crashed replacement is respawned in the new generation; the restart ends with it.
		assertThat(workers()).containsExactly(entry(3, WorkerState.STARTING));
		assertThat(restarted).isNotDone();
		ready(3);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		assertThat(restarted).isDone();
		assertThat(restarted.join().replaced()).isEqualTo(1);
		assertThat(this.supervisor.status().generation()).isEqualTo(2);
	}

	// Surge and rollback

	@Test
	void theFirstStartBootsAtMostMaxSurgeWorkersAtOnce() {
		start(settings(4, MaxSurge.parse("2")));
		assertThat(workers()).containsExactly(entry(1, WorkerState.STARTING), entry(2, WorkerState.STARTING));
		ready(1);
		assertThat(workers()).containsEntry(3, WorkerState.STARTING).doesNotContainKey(4);
		ready(2);
		ready(3, 4);
		assertThat(workers()).hasSize(4).allSatisfy((id, state) -> assertThat(state).isEqualTo(WorkerState.READY));
	}

	@Test
	void aRestartBootsTheFirstReplacementAloneThenUpToMaxSurgeAtOnceNeverBelowSizeReady() {
		start(settings(4, MaxSurge.parse("50%")));
		ready(1, 2);
		ready(3, 4);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		stepKeeping(4);
		assertThat(this.launcher.launches()).hasSize(5);
		readyKeeping(4, 5);
		assertThat(this.launcher.launches()).hasSize(5);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeeping(4);
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING);
		// Probation over: two replacements boot at once, each lets one old worker go once ready.
		stepKeeping(4);
		assertThat(workers()).containsEntry(6, WorkerState.STARTING).containsEntry(7, WorkerState.STARTING);
		stepKeeping(4);
		assertThat(this.launcher.launches()).hasSize(7);
		readyKeeping(4, 6);
		assertThat(workers()).containsEntry(2, WorkerState.STOPPING)
			.containsEntry(3, WorkerState.READY)
			.containsEntry(4, WorkerState.READY);
		readyKeeping(4, 7);
		assertThat(workers()).containsEntry(3, WorkerState.STOPPING).containsEntry(4, WorkerState.READY);
		stepKeeping(4);
		assertThat(workers()).containsEntry(8, WorkerState.STARTING);
		readyKeeping(4, 8);
		assertThat(workers()).containsEntry(4, WorkerState.STOPPING);
		exit(1, 0);
		exit(2, 0);
		exit(3, 0);
		exit(4, 0);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeeping(4);
		assertThat(restarted).isDone();
		assertThat(restarted.join().replaced()).isEqualTo(4);
		assertThat(workers()).containsOnlyKeys(5, 6, 7, 8);
		assertThat(this.launcher.launches()).hasSize(8);
	}

	@Test
	void aLaterReplacementDyingBeforeItIsReadyAbortsTheRestartAndRollsBackTheWorkersItReplaced() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart(Map.of("MODE", "green"));
		stepKeepingTwoReady();
		readyKeepingTwoReady(3);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeepingTwoReady();
		exit(1, 0);
		assertThat(workers()).containsEntry(4, WorkerState.STARTING);
		assertThat(this.launcher.launch(4).env()).containsEntry("MODE", "green");
		exit(4, 1);
		// The outcome is known once the rollback has ended: the pool is on one version again.
		assertThat(restarted).isNotDone();
		ClusterStatus status = this.supervisor.status();
		assertThat(status.generation()).isEqualTo(1);
		assertThat(status.restarting()).as("rolling back").isTrue();
		assertThat(status.rollout().rollback()).isTrue();
		assertThat(status.lastRollout().result()).isEqualTo(RolloutOutcome.Result.ABORTED);
		assertThat(status.lastRollout().message())
			.startsWith("Rolling restart to generation 2 aborted because its new Worker 4")
			.endsWith("; rolling back the 1 worker it had replaced");
		assertThat(stopRequests(2)).isZero();
		// The rollback replaces worker 3 by a worker of the old generation and environment.
		this.clock.advance(Duration.ofSeconds(5));
		stepKeeping(1);
		int rollbackWorker = this.launcher.launches().get(this.launcher.launches().size() - 1).id();
		assertThat(this.launcher.launch(rollbackWorker).generation()).isEqualTo(1);
		assertThat(this.launcher.launch(rollbackWorker).env()).isEqualTo(ENV);
		readyKeeping(2, rollbackWorker);
		this.clock.advance(MIN_RESTART_AGE);
		stepKeeping(2);
		assertThat(workers()).containsEntry(3, WorkerState.STOPPING);
		assertThat(restarted).isNotDone();
		exit(3, 0);
		assertFailure(restarted, RestartAbortedException.class)
			.withMessageContaining("Rolling restart to generation 2 aborted because its new Worker 4")
			.withMessageContaining("; the 1 worker it had replaced rolled back to generation 1 in ");
		assertThat(this.supervisor.status().restarting()).isFalse();
		assertThat(this.supervisor.status().lastRollout().result()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
		assertThat(this.supervisor.workers()).extracting(WorkerInfo::generation).containsOnly(1);
		assertThat(this.supervisor.status().counters().rollingRestarts()).isZero();
	}

	@Test
	void aReplacementMissingItsBootTimeoutAbortsTheRestartEvenAfterTheFirst() {
		start(settings(2).withBootTimeout(Duration.ofSeconds(30)));
		ready(1, 2);
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		ready(3);
		this.clock.advance(MIN_RESTART_AGE);
		step();
		exit(1, 0);
		assertThat(workers()).containsEntry(4, WorkerState.STARTING);
		this.clock.advance(Duration.ofSeconds(31));
		heartbeat(2);
		heartbeat(3);
		step();
		assertThat(this.launcher.process(4).kills()).isEqualTo(1);
		assertThat(restarted).as("rolling worker 3 back").isNotDone();
		assertThat(this.supervisor.status().lastRollout().message()).contains("boot timeout");
		assertThat(this.supervisor.status().rollout().rollback()).isTrue();
	}

	@Test
	void aRestartAfterAnAbortedOneGetsANewGeneration() {
		start(settings(1));
		ready(1);
		CompletableFuture<RestartResult> first = this.supervisor.restart();
		step();
		exit(2, 1);
		assertFailure(first, RestartAbortedException.class);
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(5));
		this.supervisor.restart();
		step();
		assertThat(this.supervisor.status().generation()).isEqualTo(3);
		assertThat(this.launcher.launches().get(this.launcher.launches().size() - 1).generation()).isEqualTo(3);
	}

}
