package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.clustermaster.supervisor.CrashLoop.GiveUp;
import io.github.clustermaster.supervisor.CrashLoop.NoRespawn;
import io.github.clustermaster.supervisor.CrashLoop.RespawnAt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CrashLoop}.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class CrashLoopTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	private final CrashLoop crashLoop = new CrashLoop(
			new RestartIntensity(2, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(4)),
			MIN_RESTART_AGE);

	@Test
	void aWorkerThatDidNotDieYoungIsRespawnedAtOnce() {
		assertThat(this.crashLoop.record(T0, false)).isEqualTo(new RespawnAt(T0));
		assertThat(this.crashLoop.isDanger()).isFalse();
		assertThat(this.crashLoop.allowsSpawn(T0)).isTrue();
	}

	@Test
	void aYoungDeathIsADangerAndHoldsSpawnsForTheBackoff() {
		assertThat(this.crashLoop.record(T0, true)).isEqualTo(new RespawnAt(T0.plusSeconds(1)));
		assertThat(this.crashLoop.isDanger()).isTrue();
		assertThat(this.crashLoop.youngDeaths()).isEqualTo(1);
		assertThat(this.crashLoop.allowsSpawn(T0.plusMillis(999))).isFalse();
		assertThat(this.crashLoop.allowsSpawn(T0.plusSeconds(1))).isTrue();
	}

	@Test
	void besideBootingWorkersSpawnsGoOnOutOfDangerButInDangerOneBootsAtATime() {
		assertThat(this.crashLoop.allowsSpawn(T0, 3)).isTrue();
		this.crashLoop.record(T0, true);
		assertThat(this.crashLoop.allowsSpawn(T0, 0)).as("during the backoff").isFalse();
		assertThat(this.crashLoop.allowsSpawn(T0.plusSeconds(1), 0)).isTrue();
		assertThat(this.crashLoop.allowsSpawn(T0.plusSeconds(1), 1)).as("one boots already").isFalse();
	}

	@Test
	void eachYoungDeathInARowDoublesTheBackoff() {
		this.crashLoop.record(T0, true);
		assertThat(this.crashLoop.record(T0.plusSeconds(1), true)).isEqualTo(new RespawnAt(T0.plusSeconds(3)));
		assertThat(this.crashLoop.youngDeaths()).isEqualTo(2);
	}

	@Test
	void aCrashThatIsNotYoungStillWaitsForABackoffThatIsRunning() {
		this.crashLoop.record(T0, true);
		assertThat(this.crashLoop.record(T0.plusMillis(500), false)).isEqualTo(new RespawnAt(T0.plusSeconds(1)));
		assertThat(this.crashLoop.youngDeaths()).isEqualTo(1);
	}

	@Test
	void aCrashBeyondTheIntensityGivesUpAndLaterCrashesAreNotRespawned() {
		assertThat(this.crashLoop.record(T0, false)).isInstanceOf(RespawnAt.class);
		assertThat(this.crashLoop.record(T0.plusSeconds(1), false)).isInstanceOf(RespawnAt.class);
		assertThat(this.crashLoop.record(T0.plusSeconds(2), false)).isEqualTo(new GiveUp(3));
		assertThat(this.crashLoop.gaveUp()).isTrue();
		assertThat(this.crashLoop.allowsSpawn(T0.plusSeconds(600))).isFalse();
		assertThat(this.crashLoop.record(T0.plusSeconds(600), false)).isEqualTo(new NoRespawn());
	}

	@Test
	void crashesOutsideThePeriodDoNotCountTowardsGivingUp() {
		this.crashLoop.record(T0, false);
		this.crashLoop.record(T0.plusSeconds(1), false);
		assertThat(this.crashLoop.record(T0.plusSeconds(61), false)).isInstanceOf(RespawnAt.class);
		assertThat(this.crashLoop.gaveUp()).isFalse();
	}

	@Test
	void recoveringAfterGivingUpStartsOverWithNoCrashes() {
		this.crashLoop.record(T0, false);
		this.crashLoop.record(T0, false);
		this.crashLoop.record(T0, false);
		assertThat(this.crashLoop.recover()).isTrue();
		assertThat(this.crashLoop.gaveUp()).isFalse();
		assertThat(this.crashLoop.allowsSpawn(T0)).isTrue();
		assertThat(this.crashLoop.record(T0, false)).isInstanceOf(RespawnAt.class);
		assertThat(this.crashLoop.record(T0, false)).isInstanceOf(RespawnAt.class);
		assertThat(this.crashLoop.record(T0, false)).isInstanceOf(GiveUp.class);
	}

	@Test
	void recoveringWithoutHavingGivenUpChangesNothing() {
		this.crashLoop.record(T0, false);
		this.crashLoop.record(T0, false);
		assertThat(this.crashLoop.recover()).isFalse();
		assertThat(this.crashLoop.record(T0, false)).isInstanceOf(GiveUp.class);
	}

	@Test
	void dangerIsSurvivedOnlyByAWorkerReadyAfterTheLastCrashForTheMinimumRestartAge() {
		this.crashLoop.record(T0, true);
		Instant readyAt = T0.plusSeconds(1);
		assertThat(this.crashLoop.isSurvivedBy(null, T0.plusSeconds(60))).isFalse();
		assertThat(this.crashLoop.isSurvivedBy(T0, T0.plusSeconds(60))).isFalse();
		assertThat(this.crashLoop.isSurvivedBy(T0.minusSeconds(5), T0.plusSeconds(60))).isFalse();
		assertThat(this.crashLoop.isSurvivedBy(readyAt, readyAt.plus(MIN_RESTART_AGE).minusMillis(1))).isFalse();
		assertThat(this.crashLoop.isSurvivedBy(readyAt, readyAt.plus(MIN_RESTART_AGE))).isTrue();
	}

	@Test
	void clearingDangerEndsTheBackoffAndStartsItOver() {
		this.crashLoop.record(T0, true);
		this.crashLoop.record(T0, true);
		this.crashLoop.clearDanger();
		assertThat(this.crashLoop.isDanger()).isFalse();
		assertThat(this.crashLoop.allowsSpawn(T0)).isTrue();
		assertThat(this.crashLoop.record(T0.plusSeconds(61), true)).isEqualTo(new RespawnAt(T0.plusSeconds(62)));
	}

	@Test
	void eachSpawnReplacesTheOldestCrashedWorkerAndInheritsItsRestarts() {
		assertThat(this.crashLoop.restartsOfNextSpawn()).isZero();
		this.crashLoop.replacementDue(1);
		this.crashLoop.replacementDue(3);
		assertThat(this.crashLoop.restartsOfNextSpawn()).isEqualTo(1);
		assertThat(this.crashLoop.spawned()).isTrue();
		assertThat(this.crashLoop.restartsOfNextSpawn()).isEqualTo(3);
		assertThat(this.crashLoop.spawned()).isTrue();
		assertThat(this.crashLoop.spawned()).isFalse();
		assertThat(this.crashLoop.restartsOfNextSpawn()).isZero();
	}

	@Test
	void replacementsDoneForgetsTheCrashedWorkersNotYetReplaced() {
		this.crashLoop.replacementDue(2);
		this.crashLoop.replacementsDone();
		assertThat(this.crashLoop.restartsOfNextSpawn()).isZero();
		assertThat(this.crashLoop.spawned()).isFalse();
	}

	@Test
	void crashedSaysWhatItDecided(CapturedOutput output) {
		assertThat(this.crashLoop.crashed(T0, false, "worker 1 crashed")).isEqualTo(new RespawnAt(T0));
		assertThat(output).doesNotContain("Danger");
		assertThat(this.crashLoop.crashed(T0, true, "worker 2 crashed")).isEqualTo(new RespawnAt(T0.plusSeconds(1)));
		assertThat(output).contains("Danger: 1 worker(s) in a row died young (before ready or under 2.0 s); next "
				+ "respawn in 1.0 s");
		assertThat(this.crashLoop.crashed(T0, false, "worker 3 crashed")).isEqualTo(new GiveUp(3));
		assertThat(output).contains("Giving up: 3 worker crashes within 60.0 s exceed "
				+ "cluster.master.restart-intensity.max-restarts=2; crashed workers are no longer replaced. Last: "
				+ "worker 3 crashed");
		assertThat(this.crashLoop.crashed(T0, false, "worker 4 crashed")).isEqualTo(new NoRespawn());
		assertThat(this.crashLoop.recover()).isTrue();
		assertThat(output).contains("Respawning crashed workers again after an operator's command");
	}

	@Test
	void theDangerClearsOnceAWorkerReadyAfterTheLastCrashStaysUpForTheMinimumRestartAge(CapturedOutput output) {
		this.crashLoop.crashed(T0, true, "worker 1 crashed");
		WorkerHandle before = new WorkerHandle(2, 1, null, new FakeProcess(1002), T0.minusSeconds(10), 0);
		before.ready(T0.minusSeconds(5));
		WorkerHandle after = new WorkerHandle(3, 1, null, new FakeProcess(1003), T0, 0);
		after.ready(T0.plusSeconds(1));
		this.crashLoop.clearDangerIfSurvived(List.of(before, after), T0.plusMillis(2999));
		assertThat(this.crashLoop.isDanger()).isTrue();
		this.crashLoop.clearDangerIfSurvived(List.of(before, after), T0.plusSeconds(3));
		assertThat(this.crashLoop.isDanger()).isFalse();
		assertThat(output).contains("Out of danger: a new worker has stayed up for 2.0 s");
	}

}
