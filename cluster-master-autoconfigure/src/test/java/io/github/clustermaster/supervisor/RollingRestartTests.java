package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.clustermaster.supervisor.PoolView.Member;
import io.github.clustermaster.supervisor.RolloutStep.Finish;
import io.github.clustermaster.supervisor.RolloutStep.Settle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RollingRestart} alone: pool views in, steps out, no supervisor, no
 * thread, no process.
 *
 * @author cluster-master
 */
class RollingRestartTests {

	private static final Duration MIN_AGE = Duration.ofSeconds(2);

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final LaunchSpec V1 = new LaunchSpec(1, Map.of("MODE", "blue"), null);

	private static final LaunchSpec V2 = V1.next(2, Map.of("MODE", "green"), null);

	private final CompletableFuture<RestartResult> future = new CompletableFuture<>();

	private final List<Member> workers = new ArrayList<>();

	@Test
	void theFirstReplacementBootsAloneAndMustPassItsProbationBeforeAnOldWorkerGoes() {
		RollingRestart rollout = restart(0, old(1), old(2));
		assertThat(rollout.step(pool(2, 2), T0)).isEqualTo(new RolloutStep.Spawn(1));
		rollout.spawned(3);
		this.workers.add(new Member(3, 2, WorkerState.STARTING, null));
		assertThat(rollout.step(pool(2, 2), T0.plusSeconds(1))).isEqualTo(RolloutStep.WAIT);
		ready(3, T0.plusSeconds(5));
		assertThat(rollout.step(pool(2, 2), T0.plusSeconds(6))).isEqualTo(RolloutStep.WAIT);
		assertThat(rollout.step(pool(2, 2), T0.plusSeconds(7)))
			.isEqualTo(new RolloutStep.Stop(List.of(1), "rolling restart to generation 2"));
		assertThat(rollout.status(2).replaced()).isEqualTo(1);
	}

	@Test
	void afterTheFirstReplacementUpToTheSurgeBootAtOnceAndEachReadyOneLetsAnOldOneGo() {
		RollingRestart rollout = restart(0, old(1), old(2), old(3), old(4));
		rollout.step(pool(4, 2), T0);
		rollout.spawned(5);
		this.workers.add(new Member(5, 2, WorkerState.READY, T0));
		// Five ready for a size of four: the oldest goes, then two more boot at once.
		assertThat(rollout.step(pool(4, 2), T0.plus(MIN_AGE)))
			.isEqualTo(new RolloutStep.Stop(List.of(1), "rolling restart to generation 2"));
		stopping(1);
		assertThat(rollout.step(pool(4, 2), T0.plus(MIN_AGE))).isEqualTo(new RolloutStep.Spawn(2));
	}

	@Test
	void inDangerOneWorkerBootsAtATimeAndNoneWhileTheBackoffRuns() {
		RollingRestart rollout = restart(0, old(1), old(2), old(3));
		rollout.spawned(4);
		this.workers.add(new Member(4, 2, WorkerState.READY, T0));
		stopping(1);
		PoolView danger = new PoolView(3, 3, true, true, this.workers);
		assertThat(rollout.step(danger, T0.plus(MIN_AGE))).isEqualTo(new RolloutStep.Spawn(1));
		PoolView backingOff = new PoolView(3, 3, false, false, this.workers);
		assertThat(rollout.step(backingOff, T0.plus(MIN_AGE))).isEqualTo(RolloutStep.WAIT);
	}

	@Test
	void theRequesterIsHeldOutAndStoppedLastOnceTheOutcomeIsKnown() {
		RollingRestart rollout = restart(1, old(1), old(2));
		rollout.spawned(3);
		this.workers.add(new Member(3, 2, WorkerState.READY, T0));
		this.workers.add(new Member(4, 2, WorkerState.READY, T0));
		stopping(2);
		RolloutStep step = rollout.step(pool(2, 2), T0.plus(MIN_AGE));
		assertThat(step).isEqualTo(new Settle(1, List.of(3, 4)));
		// Worker 2 still drains.
		assertThat(rollout.settled((Settle) step, pool(2, 2), T0.plus(MIN_AGE))).isEqualTo(RolloutStep.WAIT);
		this.workers.removeIf((worker) -> worker.id() == 2);
		RolloutStep done = rollout.settled((Settle) step, pool(2, 2), T0.plus(MIN_AGE));
		assertThat(done).isInstanceOfSatisfying(Finish.class, (finish) -> {
			assertThat(finish.requester()).isEqualTo(1);
			assertThat(finish.outcome().result()).isEqualTo(RolloutOutcome.Result.DONE);
			assertThat(finish.outcome().replaced()).isEqualTo(1);
			finish.answer();
		});
		assertThat(this.future.join().generation()).isEqualTo(2);
	}

	@Test
	void aReplacementLostOnProbationAbortsAnOldWorkerLostCountsAsReplaced() {
		RollingRestart rollout = restart(0, old(1), old(2));
		Member replacement = new Member(3, 2, WorkerState.READY, T0);
		assertThat(rollout.lost(replacement, "Worker 3 died", T0.plusSeconds(1)))
			.isEqualTo(new RolloutStep.Abort("its new Worker 3 died"));
		assertThat(rollout.lost(replacement, "Worker 3 died", T0.plus(MIN_AGE))).isEqualTo(RolloutStep.WAIT);
		assertThat(rollout.exited(old(1), "Worker 1 died", T0)).isEqualTo(RolloutStep.WAIT);
		assertThat(rollout.status(1).replaced()).isEqualTo(1);
	}

	@Test
	void anAbortStopsTheBootingReplacementsAndRollsTheReadyOnesBackToTheLaunchBefore() {
		RollingRestart rollout = restart(0, old(1), old(2), old(3));
		this.workers.add(new Member(4, 2, WorkerState.READY, T0));
		this.workers.add(new Member(5, 2, WorkerState.STARTING, null));
		RollingRestart.Aborted aborted = rollout.abort("its new Worker 6 died", pool(3, 3), T0.plusSeconds(3));
		assertThat(aborted.stop()).containsExactly(5);
		assertThat(aborted.restore()).isEqualTo(V1);
		assertThat(aborted.outcome().result()).isEqualTo(RolloutOutcome.Result.ABORTED);
		RollingRestart rollback = aborted.rollback();
		assertThat(rollback).isNotNull();
		assertThat(rollback.isRollback()).isTrue();
		assertThat(rollback.target()).isEqualTo(V1);
		aborted.answer();
		assertThat(this.future).isNotDone();
		// The rollback replaces worker 4; done, it fails the restart's future with both reasons.
		this.workers.removeIf((worker) -> worker.generation() == 2);
		this.workers.add(new Member(6, 1, WorkerState.READY, T0));
		RolloutStep step = rollback.step(pool(3, 3), T0.plusSeconds(10));
		RolloutStep done = rollback.settled((Settle) step, pool(3, 3), T0.plusSeconds(10));
		assertThat(done).isInstanceOfSatisfying(Finish.class, (finish) -> {
			assertThat(finish.outcome().result()).isEqualTo(RolloutOutcome.Result.ROLLED_BACK);
			assertThat(finish.outcome().generation()).isEqualTo(2);
			assertThat(finish.restarted()).isFalse();
			finish.answer();
		});
		assertThat(this.future).isCompletedExceptionally();
	}

	@Test
	void anAbortBeforeAnyReplacementServedKeepsTheOldWorkersAndFailsAtOnce() {
		RollingRestart rollout = restart(0, old(1), old(2));
		this.workers.add(new Member(3, 2, WorkerState.STARTING, null));
		RollingRestart.Aborted aborted = rollout.abort("workers keep crashing", pool(2, 2), T0);
		assertThat(aborted.rollback()).isNull();
		assertThat(aborted.stop()).containsExactly(3);
		assertThat(aborted.failure()).isEqualTo(
				"Rolling restart to generation 2 aborted because workers keep crashing; the old workers were kept");
		aborted.answer();
		assertThat(this.future).isCompletedExceptionally();
	}

	private RollingRestart restart(int requester, Member... old) {
		this.workers.addAll(List.of(old));
		return new RollingRestart(V1, V2, old.length, T0, MIN_AGE, this.future, requester);
	}

	private static Member old(int id) {
		return new Member(id, 1, WorkerState.READY, T0.minusSeconds(60));
	}

	private void ready(int id, Instant at) {
		this.workers.replaceAll((worker) -> (worker.id() == id)
				? new Member(id, worker.generation(), WorkerState.READY, at) : worker);
	}

	private void stopping(int id) {
		this.workers.replaceAll((worker) -> (worker.id() == id)
				? new Member(id, worker.generation(), WorkerState.STOPPING, worker.readyAt()) : worker);
	}

	private PoolView pool(int size, int surge) {
		return new PoolView(size, surge, true, false, this.workers);
	}

}
