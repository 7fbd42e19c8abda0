package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link Supervisor}, driven one {@code step} at a time on the test thread with
 * fake processes and a clock that only moves when told, so no real process or thread is
 * ever started.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorTests {

	private static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration HEARTBEAT_TIMEOUT = Duration.ofHours(1);

	private static final RestartIntensity INTENSITY = new RestartIntensity(10, Duration.ofSeconds(60),
			Duration.ofSeconds(1), Duration.ofSeconds(4));

	private static final Map<String, String> ENV = Map.of("MODE", "blue");

	private final MutableClock clock = new MutableClock();

	private final FakeLauncher launcher = new FakeLauncher();

	private final Map<Integer, FakeLink> links = new HashMap<>();

	private Supervisor supervisor;

	// Start-up and readiness

	@Test
	void nothingIsSpawnedBeforeTheFirstStep() {
		this.supervisor = new Supervisor(settings(2), this.launcher, ENV, this.clock);
		assertThat(this.launcher.attempts()).isZero();
		assertThat(this.supervisor.status().workers()).isEmpty();
	}

	@Test
	void theFirstStepSpawnsSizeWorkersOfTheFirstGeneration() {
		start(settings(3));
		assertThat(workers()).containsExactly(entry(1, WorkerState.STARTING), entry(2, WorkerState.STARTING),
				entry(3, WorkerState.STARTING));
		assertThat(this.launcher.launches()).allSatisfy((launch) -> {
			assertThat(launch.generation()).isEqualTo(1);
			assertThat(launch.env()).isEqualTo(ENV);
		});
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		assertThat(this.supervisor.workers()).extracting(WorkerInfo::pid).containsExactly(1001L, 1002L, 1003L);
	}

	@Test
	void aWorkerIsReadyOnlyAfterItReportsReady() {
		start(settings(2));
		connect(1);
		connect(2);
		heartbeat(1);
		step();
		assertThat(this.supervisor.status().count(WorkerState.READY)).isZero();
		ready(1);
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(2, WorkerState.STARTING));
	}

	@Test
	void readyFromAnUnknownWorkerIsIgnored() {
		start(settings(1));
		this.supervisor.ready(42);
		step();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STARTING));
	}

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

	// Crashes, danger and backoff

	@Test
	void aCrashedReadyWorkerIsRespawnedAtOnce() {
		start(settings(2));
		ready(1, 2);
		this.clock.advance(Duration.ofSeconds(10));
		exit(1, 1);
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY), entry(3, WorkerState.STARTING));
		assertThat(this.launcher.launch(3).generation()).isEqualTo(1);
		assertThat(this.launcher.launch(3).env()).isEqualTo(ENV);
		assertThat(this.supervisor.status().danger()).isFalse();
	}

	@Test
	void aWorkerDyingYoungIsRespawnedOnlyAfterTheBackoff() {
		start(settings(1));
		exit(1, 1);
		assertThat(this.supervisor.status().danger()).isTrue();
		assertThat(workers()).isEmpty();
		step();
		assertThat(this.launcher.launches()).hasSize(1);
		assertRespawnedAfter(Duration.ofSeconds(1), 2);
	}

	@Test
	void theBackoffDoublesWithEachYoungDeathUpToTheCap() {
		start(settings(1));
		exit(1, 1);
		assertRespawnedAfter(Duration.ofSeconds(1), 2);
		exit(2, 1);
		assertRespawnedAfter(Duration.ofSeconds(2), 3);
		exit(3, 1);
		assertRespawnedAfter(Duration.ofSeconds(4), 4);
		exit(4, 1);
		assertRespawnedAfter(Duration.ofSeconds(4), 5);
	}

	@Test
	void aReadyWorkerDyingYoungerThanTheMinimumRestartAgeIsADanger() {
		start(settings(1));
		ready(1);
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		exit(1, 1);
		assertThat(this.supervisor.status().danger()).isTrue();
		assertThat(this.launcher.launches()).hasSize(1);
	}

	@Test
	void inDangerWorkersAreSpawnedOneAtATime() {
		start(settings(3));
		this.launcher.process(1).exit(1);
		this.launcher.process(2).exit(1);
		this.launcher.process(3).exit(1);
		step();
		this.clock.advance(Duration.ofSeconds(4));
		step();
		assertThat(workers()).containsExactly(entry(4, WorkerState.STARTING));
		step();
		assertThat(this.launcher.launches()).hasSize(4);
		ready(4);
		assertThat(workers()).containsExactly(entry(4, WorkerState.READY), entry(5, WorkerState.STARTING));
		ready(5);
		assertThat(workers()).containsExactly(entry(4, WorkerState.READY), entry(5, WorkerState.READY),
				entry(6, WorkerState.STARTING));
	}

	@Test
	void dangerClearsOnceANewWorkerStaysReadyForTheMinimumRestartAge() {
		start(settings(2));
		ready(1);
		exit(2, 1);
		assertThat(this.supervisor.status().danger()).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		step();
		ready(3);
		this.clock.advance(MIN_RESTART_AGE.minusMillis(1));
		step();
		assertThat(this.supervisor.status().danger()).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(this.supervisor.status().danger()).isFalse();
		// The backoff starts over after danger has cleared.
		this.clock.advance(Duration.ofSeconds(10));
		this.supervisor.resize(3);
		step();
		exit(4, 1);
		assertRespawnedAfter(Duration.ofSeconds(1), 5);
	}

	@Test
	void aWorkerThatReadiedBeforeTheCrashDoesNotClearDanger() {
		start(settings(2));
		ready(1);
		exit(2, 1);
		this.clock.advance(Duration.ofMinutes(1));
		step();
		assertThat(this.supervisor.status().danger()).isTrue();
	}

	// Restart intensity

	@Test
	void moreThanMaxRestartsCrashesWithinThePeriodGiveUpButKeepTheReadyWorkers() {
		start(settings(3, new RestartIntensity(1, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1);
		this.launcher.process(2).exit(1);
		this.launcher.process(3).exit(1);
		step();
		ClusterStatus status = this.supervisor.status();
		assertThat(status.failed()).isTrue();
		assertThat(status.quitting()).isFalse();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY));
		assertThat(this.launcher.process(1).kills()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		heartbeat(1);
		step();
		step();
		assertThat(this.launcher.launches()).hasSize(3);
		assertThat(this.supervisor.terminated()).isNotDone();
	}

	@Test
	void maxRestartsCrashesWithinThePeriodAreTolerated() {
		start(settings(3, new RestartIntensity(2, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1);
		this.launcher.process(2).exit(1);
		this.launcher.process(3).exit(1);
		step();
		assertThat(this.supervisor.status().failed()).isFalse();
	}

	@Test
	void crashesOutsideThePeriodAreForgotten() {
		start(settings(1, new RestartIntensity(1, Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1);
		this.clock.advance(Duration.ofSeconds(5));
		exit(1, 1);
		ready(2);
		this.clock.advance(Duration.ofSeconds(11));
		exit(2, 1);
		assertThat(this.supervisor.status().failed()).isFalse();
		assertThat(workers()).containsExactly(entry(3, WorkerState.STARTING));
	}

	@Test
	void givingUpWithNoReadyWorkerKillsTheRestAndExitsWithOneOnceTheyHaveExited() {
		start(settings(3, new RestartIntensity(1, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		this.launcher.process(1).exit(1);
		this.launcher.process(2).exit(1);
		step();
		ClusterStatus status = this.supervisor.status();
		assertThat(status.failed()).isTrue();
		assertThat(status.quitting()).isTrue();
		assertThat(this.launcher.process(3).kills()).isEqualTo(1);
		assertThat(this.supervisor.terminated()).isNotDone();
		step();
		assertThat(this.supervisor.terminated()).isNotDone();
		exit(3, 137);
		assertThat(this.supervisor.terminated()).isCompletedWithValue(1);
	}

	@Test
	void whenTheLastReadyWorkerDiesAfterGivingUpTheMasterExitsWithOne() {
		start(settings(2, new RestartIntensity(0, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1);
		exit(2, 1);
		assertThat(this.supervisor.status().failed()).isTrue();
		assertThat(this.supervisor.terminated()).isNotDone();
		this.clock.advance(Duration.ofSeconds(10));
		exit(1, 1);
		step();
		assertThat(workers()).isEmpty();
		assertThat(this.supervisor.terminated()).isCompletedWithValue(1);
	}

	@Test
	void aResizeAfterGivingUpRespawnsAgain() {
		start(settings(2, new RestartIntensity(0, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1);
		exit(2, 1);
		assertThat(this.supervisor.status().failed()).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		heartbeat(1);
		this.supervisor.resize(2);
		step();
		assertThat(this.supervisor.status().failed()).isFalse();
		assertThat(workers()).containsExactly(entry(1, WorkerState.READY), entry(3, WorkerState.STARTING));
	}

	@Test
	void givingUpAbortsARunningRestart() {
		start(settings(2, new RestartIntensity(0, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))));
		ready(1, 2);
		this.clock.advance(Duration.ofSeconds(10));
		CompletableFuture<RestartResult> restarted = this.supervisor.restart();
		step();
		exit(2, 1);
		assertThat(this.supervisor.status().failed()).isTrue();
		assertFailure(restarted, RestartAbortedException.class);
	}

	// Timeouts

	@Test
	void aWorkerThatDoesNotBecomeReadyWithinTheBootTimeoutIsKilledAndCountsAsACrash() {
		start(settings(1).withBootTimeout(Duration.ofSeconds(30))
			.withIntensity(new RestartIntensity(0, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(4))));
		this.clock.advance(Duration.ofSeconds(30));
		step();
		assertThat(this.launcher.process(1).kills()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		assertThat(workers()).containsEntry(1, WorkerState.STOPPING);
		exit(1, 137);
		assertThat(this.supervisor.status().failed()).isTrue();
	}

	@Test
	void aWorkerKilledForMissingItsBootTimeoutIsLoggedAsSuchAndIsNoYoungDeath(CapturedOutput output) {
		start(settings(1).withBootTimeout(Duration.ofSeconds(30)));
		this.clock.advance(Duration.ofSeconds(31));
		step();
		exit(1, 137);
		assertThat(output).contains("Killing Worker 1 (pid 1001): it missed its boot timeout of 30.0 s")
			.contains("Worker 1 (pid 1001) missed its boot timeout of 30.0 s and was killed after 31.0 s, still "
					+ "starting (if it is only slow, raise cluster.master.boot-timeout)")
			.doesNotContain("died young")
			.doesNotContain("its own output above says why");
		assertThat(this.supervisor.status().danger()).isFalse();
		assertThat(this.supervisor.status().counters().crashes()).isOne();
		// No backoff: it was slow, not broken at once
		assertThat(this.launcher.launches()).hasSize(2);
	}

	@Test
	void aReadyWorkerIsNotKilledForBeingOlderThanTheBootTimeout() {
		start(settings(1).withBootTimeout(Duration.ofSeconds(30)));
		ready(1);
		this.clock.advance(Duration.ofMinutes(5));
		step();
		assertThat(this.launcher.process(1).kills()).isZero();
	}

	@Test
	void aHungWorkerIsAskedForAThreadDumpReplacedAndKilledOnceItsReplacementIsReady(CapturedOutput output) {
		start(settings(1).withHeartbeatTimeout(Duration.ofSeconds(10)));
		ready(1);
		this.clock.advance(Duration.ofSeconds(10));
		step();
		heartbeat(1);
		step();
		this.clock.advance(Duration.ofSeconds(10));
		step();
		assertThat(this.launcher.process(1).threadDumps()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		// Hung: asked for a thread dump and replaced, not killed yet.
		assertThat(this.launcher.process(1).threadDumps()).isEqualTo(1);
		assertThat(this.launcher.process(1).kills()).isZero();
		assertThat(workers()).containsExactly(entry(1, WorkerState.STOPPING), entry(2, WorkerState.STARTING));
		assertThat(output).contains("Worker 1 (pid " + pid(1) + ") is hung: it sent no heartbeat for 10.0 s; asked it "
				+ "for a thread dump (SIGCONT, then SIGQUIT): it follows in the master's output");
		this.clock.advance(Duration.ofSeconds(5));
		step();
		assertThat(this.launcher.process(1).kills()).isZero();
		ready(2);
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		exit(1, 137);
		assertThat(workers()).containsExactly(entry(2, WorkerState.READY));
		assertThat(output).contains("Worker 1 (pid " + pid(1) + ") was killed because it sent no heartbeat for 10.0 s");
		assertThat(this.launcher.launches()).hasSize(2);
		assertThat(this.launcher.process(1).threadDumps()).isEqualTo(1);
	}

	@Test
	void aHungWorkerWhoseReplacementDoesNotGetReadyIsKilledAfterTheBootTimeout() {
		start(settings(1).withHeartbeatTimeout(Duration.ofSeconds(10)));
		ready(1);
		this.clock.advance(Duration.ofSeconds(11));
		step();
		assertThat(workers()).containsEntry(2, WorkerState.STARTING);
		this.clock.advance(BOOT_TIMEOUT);
		step();
		assertThat(this.launcher.process(1).kills()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
	}

	@Test
	void aStoppingWorkerGetsSigtermAfterTheShutdownTimeoutAndSigkillTenSecondsLater() {
		start(settings(2));
		ready(1, 2);
		this.supervisor.resize(1);
		step();
		FakeProcess stopping = this.launcher.process(2);
		assertThat(this.links.get(2).shutdownRequests()).isEqualTo(1);
		this.clock.advance(SHUTDOWN_TIMEOUT);
		step();
		assertThat(stopping.terminations()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(stopping.terminations()).isEqualTo(1);
		assertThat(stopping.kills()).isZero();
		this.clock.advance(Duration.ofSeconds(10).minusMillis(1));
		step();
		assertThat(stopping.kills()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(stopping.kills()).isEqualTo(1);
		step();
		assertThat(stopping.terminations()).isEqualTo(1);
		assertThat(stopping.kills()).isEqualTo(1);
		assertThat(this.launcher.process(1).terminations() + this.launcher.process(1).kills()).isZero();
	}

	@Test
	void aStoppingWorkerThatGotSigtermAtOnceGetsSigkillAfterTheShutdownTimeoutAndTenSeconds() {
		start(settings(2));
		this.supervisor.ready(1);
		this.supervisor.ready(2);
		step();
		this.supervisor.resize(1);
		step();
		FakeProcess stopping = this.launcher.process(2);
		assertThat(stopping.terminations()).isEqualTo(1);
		this.clock.advance(SHUTDOWN_TIMEOUT.plusSeconds(10));
		step();
		assertThat(stopping.kills()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		step();
		assertThat(stopping.kills()).isEqualTo(1);
		assertThat(stopping.terminations()).isEqualTo(1);
	}

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

	// IPC

	@Test
	void aConnectionWithAnUnknownIdIsAskedToShutDown() {
		start(settings(1));
		FakeLink stranger = new FakeLink();
		this.supervisor.connected(42, 4242, stranger);
		step();
		assertThat(stranger.shutdownRequests()).isEqualTo(1);
		assertThat(workers()).containsExactly(entry(1, WorkerState.STARTING));
	}

	@Test
	void aConnectionWithAKnownIdButTheWrongPidIsAskedToShutDown() {
		start(settings(1));
		FakeLink impostor = new FakeLink();
		this.supervisor.connected(1, pid(1) + 1, impostor);
		step();
		assertThat(impostor.shutdownRequests()).isEqualTo(1);
		FakeLink genuine = connect(1);
		step();
		assertThat(genuine.shutdownRequests()).isZero();
	}

	@Test
	void aStoppedWorkerIsAskedOverItsNewLinkAfterItReconnects() {
		start(settings(2));
		ready(1, 2);
		this.supervisor.disconnected(2);
		step();
		this.supervisor.resize(1);
		step();
		assertThat(this.launcher.process(2).terminations()).isEqualTo(1);
		FakeLink reconnected = new FakeLink();
		this.supervisor.connected(2, pid(2), reconnected);
		step();
		// It already got SIGTERM, so asking again over IPC is pointless.
		assertThat(reconnected.shutdownRequests()).isZero();
	}

	// Launch failures

	@Test
	void aLauncherThatThrowsCountsAsACrashAndDoesNotLoopForever() {
		start(settings(2, new RestartIntensity(3, Duration.ofSeconds(60), Duration.ofSeconds(1),
				Duration.ofSeconds(4))), new IOException("java: not found"));
		assertThat(this.launcher.attempts()).isEqualTo(1);
		assertThat(this.supervisor.status().danger()).isTrue();
		step();
		step();
		assertThat(this.launcher.attempts()).isEqualTo(1);
		for (int i = 0; i < 20; i++) {
			this.clock.advance(Duration.ofSeconds(4));
			step();
		}
		assertThat(this.launcher.attempts()).isEqualTo(4);
		assertThat(this.supervisor.status().failed()).isTrue();
		assertThat(this.supervisor.terminated()).isCompletedWithValue(1);
	}

	@Test
	void aLauncherThatRecoversSpawnsWorkersAgainAfterTheBackoff() {
		start(settings(1), new IOException("too many open files"));
		this.launcher.failWith(null);
		step();
		assertThat(this.launcher.launches()).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		step();
		assertThat(this.launcher.launches()).extracting(FakeLauncher.Launch::id).containsExactly(2);
	}

	// Fresh status and counters, for the surfaces

	@Test
	void aFreshStatusShowsWhetherTheCommandsSubmittedBeforeItWereAccepted() {
		start(settings(2));
		ready(1, 2);
		CompletableFuture<RestartResult> first = this.supervisor.restart();
		CompletableFuture<ClusterStatus> afterFirst = this.supervisor.freshStatus();
		CompletableFuture<RestartResult> second = this.supervisor.restart();
		CompletableFuture<ClusterStatus> afterSecond = this.supervisor.freshStatus();
		step();
		assertThat(afterFirst).isCompleted();
		assertThat(afterFirst.join().restarting()).isTrue();
		assertThat(afterFirst.join().generation()).isEqualTo(2);
		assertThat(first).isNotDone();
		assertThat(afterSecond).isCompleted();
		assertFailure(second, IllegalStateException.class).withMessageContaining("already running");
	}

	@Test
	void theCountersTellRestartsRespawnsCrashesAndTheTimeFromSpawnToReady() {
		start(settings(1));
		this.clock.advance(Duration.ofSeconds(3));
		ready(1);
		this.clock.advance(Duration.ofSeconds(10));
		exit(1, 1);
		this.clock.advance(Duration.ofSeconds(5));
		ready(2);
		ClusterCounters counters = this.supervisor.status().counters();
		assertThat(counters.crashes()).isEqualTo(1);
		assertThat(counters.respawns()).isEqualTo(1);
		assertThat(counters.readied()).isEqualTo(2);
		assertThat(counters.spawnToReadyTotal()).isEqualTo(Duration.ofSeconds(8));
		assertThat(counters.spawnToReadyLast()).isEqualTo(Duration.ofSeconds(5));
		assertThat(counters.spawnToReadyMean()).isEqualTo(Duration.ofSeconds(4));
		assertThat(counters.rollingRestarts()).isZero();
	}

	@Test
	void aRespawnedWorkerCountsTheCrashesInItsPlace() {
		start(settings(2));
		ready(1, 2);
		this.clock.advance(Duration.ofSeconds(10));
		exit(1, 1);
		ready(3);
		this.clock.advance(Duration.ofSeconds(10));
		exit(3, 1);
		assertThat(this.supervisor.workers()).extracting(WorkerInfo::id, WorkerInfo::restarts)
			.containsExactly(tuple(2, 0), tuple(4, 2));
	}

	@Test
	void aWorkerStoppedByAResizeIsNoRespawnAndNoCrash() {
		start(settings(2));
		ready(1, 2);
		this.supervisor.resize(1);
		step();
		exit(2, 0);
		assertThat(this.supervisor.status().counters()).isEqualTo(new ClusterCounters(0, 0, 0, 2, Duration.ZERO, Duration.ZERO, 0));
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

	// Helpers

	private static SupervisorSettings settings(int size) {
		return SupervisorFixture.settings(size);
	}

	private static SupervisorSettings settings(int size, MaxSurge maxSurge) {
		return settings(size).withMaxSurge(maxSurge);
	}

	private static SupervisorSettings settings(int size, RestartIntensity intensity) {
		return settings(size).withIntensity(intensity);
	}

	private void start(SupervisorSettings settings) {
		this.supervisor = new Supervisor(settings, this.launcher, ENV, this.clock);
		step();
	}

	private void start(SupervisorSettings settings, IOException launchFailure) {
		this.launcher.failWith(launchFailure);
		start(settings);
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	/** Step and check the rolling-restart promise of never fewer than two ready workers. */
	private void stepKeepingTwoReady() {
		stepKeeping(2);
	}

	/** Step and check that at least {@code ready} workers are ready. */
	private void stepKeeping(int ready) {
		step();
		assertThat(this.supervisor.status().count(WorkerState.READY)).as("ready workers")
			.isGreaterThanOrEqualTo(ready);
	}

	private void readyKeeping(int ready, int id) {
		connect(id);
		this.supervisor.ready(id);
		stepKeeping(ready);
	}

	private void readyKeepingTwoReady(int id) {
		connect(id);
		this.supervisor.ready(id);
		stepKeepingTwoReady();
	}

	private long pid(int id) {
		return this.launcher.process(id).pid();
	}

	private FakeLink connect(int id) {
		FakeLink link = new FakeLink();
		this.links.put(id, link);
		this.supervisor.connected(id, pid(id), link);
		return link;
	}

	/** Connect the workers, report them ready, and step once. */
	private void ready(int... ids) {
		for (int id : ids) {
			connect(id);
			this.supervisor.ready(id);
		}
		step();
	}

	private void heartbeat(int id) {
		this.supervisor.heartbeat(id, null);
	}

	private void exit(int id, int code) {
		this.launcher.process(id).exit(code);
		step();
	}

	private int stopRequests(int... ids) {
		int requests = 0;
		for (int id : ids) {
			requests += this.links.get(id).shutdownRequests() + this.launcher.process(id).terminations();
		}
		return requests;
	}

	private void assertRespawnedAfter(Duration backoff, int nextId) {
		int before = this.launcher.launches().size();
		this.clock.advance(backoff.minusMillis(1));
		step();
		assertThat(this.launcher.launches()).as("launches before the backoff of %s is over", backoff)
			.hasSize(before);
		this.clock.advance(Duration.ofMillis(1));
		step();
		List<Integer> ids = this.launcher.launches().stream().map(FakeLauncher.Launch::id).toList();
		assertThat(ids).as("launches once the backoff of %s is over", backoff).hasSize(before + 1).endsWith(nextId);
	}

	private Map<Integer, WorkerState> workers() {
		return SupervisorSteps.states(this.supervisor);
	}

	private static <T> ThrowableAssertAlternative<?> assertFailure(CompletableFuture<T> future,
			Class<? extends Throwable> type) {
		assertThat(future).isCompletedExceptionally();
		return assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join)
			.havingCause()
			.isInstanceOf(type);
	}

}
