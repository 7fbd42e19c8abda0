package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests of the {@link Supervisor}'s start-up and readiness, its IPC links, launch
 * failures, and the fresh status and counters the surfaces read.
 *
 * @author cluster-master
 */
class SupervisorStartTests extends SupervisorTestSupport {

	// Start-up and readiness

	@Test
	void nothingIsSpawnedBeforeTheFirstStep() {
		this.supervisor = SupervisorFixture.supervisor(settings(2), this.launcher, ENV, this.clock);
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

	@Test
	void aListenerGetsEveryEventAfterItIsLoggedAndOneThatFailsStopsNothing() {
		this.supervisor = SupervisorFixture.supervisor(settings(1), this.launcher, ENV, this.clock);
		List<SupervisorEvent> events = new ArrayList<>();
		this.supervisor.addEventListener((event) -> {
			throw new IllegalStateException("a broken listener");
		});
		this.supervisor.addEventListener(events::add);
		step();
		ready(1);
		this.clock.advance(Duration.ofSeconds(1));
		exit(1, 1);
		assertThat(events).extracting(SupervisorEvent::event)
			.startsWith("worker-started", "worker-ready", "worker-exited");
		assertThat(events.get(0).fields()).containsEntry("worker", 1).containsEntry("pid", 1001L)
			.containsEntry("generation", 1).containsEntry("slot", 0);
		assertThat(events.get(2).fields()).containsEntry("kind", "crashed").containsEntry("code", 1);
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

}
