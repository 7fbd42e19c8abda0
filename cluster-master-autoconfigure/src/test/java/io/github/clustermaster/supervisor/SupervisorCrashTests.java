package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of the {@link Supervisor}'s crashes, danger and backoff, restart intensity, and
 * the boot, heartbeat and shutdown timeouts.
 *
 * @author cluster-master
 */
class SupervisorCrashTests extends SupervisorTestSupport {

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

}
