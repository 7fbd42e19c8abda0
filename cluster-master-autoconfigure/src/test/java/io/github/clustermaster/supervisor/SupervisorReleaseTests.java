package io.github.clustermaster.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.clustermaster.release.InvalidReleaseException;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the releases a {@link Supervisor} launches: each generation launches a release
 * as it launches an environment, a restart rolls onto the release its source prepared, a
 * bad one refuses the restart before any worker is touched, an aborted restart and the
 * respawns after it go back to the previous release.
 *
 * @author cluster-master
 */
class SupervisorReleaseTests {

	private static final Release V1 = release("1111");

	private static final Release V2 = release("2222");

	private final MutableClock clock = new MutableClock();

	private final Map<Integer, FakeProcess> processes = new LinkedHashMap<>();

	private final Map<Integer, @Nullable Release> launched = new LinkedHashMap<>();

	private final Releases releases = new Releases();

	private final WorkerLauncher launcher = new WorkerLauncher() {

		@Override
		public WorkerProcess launch(int id, int generation, Map<String, String> env) {
			throw new AssertionError("a supervisor with releases launches a release");
		}

		@Override
		public WorkerProcess launch(int id, int generation, Map<String, String> env, @Nullable Release release) {
			FakeProcess process = new FakeProcess(1000 + id);
			SupervisorReleaseTests.this.processes.put(id, process);
			SupervisorReleaseTests.this.launched.put(id, release);
			return process;
		}

	};

	private final Supervisor supervisor = new Supervisor(
			SupervisorFixture.settings(2),
			this.launcher, Map.of(), this.releases, V1, this.clock);

	@Test
	void theFirstWorkersLaunchTheInitialRelease() {
		step();
		assertThat(this.launched).containsExactly(Map.entry(1, V1), Map.entry(2, V1));
	}

	@Test
	void aRestartRollsOntoTheReleaseItsSourcePreparedAndKeepsThePreviousAsTheRollbackTarget() {
		startReady();
		this.releases.next = CompletableFuture.completedFuture(V2);
		CompletableFuture<RestartResult> restart = this.supervisor.restart(null);
		step();
		ready(3);
		this.clock.advance(Duration.ofSeconds(3));
		step();
		exit(1);
		ready(4);
		exit(2);
		this.clock.advance(Duration.ofSeconds(2));
		step();
		assertThat(restart).isCompleted();
		assertThat(this.launched).containsEntry(3, V2).containsEntry(4, V2);
		assertThat(this.releases.retained).containsExactly(List.of(V2, V1));
		ClusterStatus status = this.supervisor.status();
		assertThat(status.release()).isEqualTo(V2);
		assertThat(status.previousRelease()).isEqualTo(V1);
		assertThat(status.workers()).extracting(WorkerInfo::release).containsOnly(V2);
		assertThat(status.lastRollout().message()).endsWith(", on " + V2);
		assertThat(restart.join().release()).isEqualTo(V2);
	}

	@Test
	void aRestartOfTheSameReleaseKeepsTheRollbackTarget() {
		aRestartRollsOntoTheReleaseItsSourcePreparedAndKeepsThePreviousAsTheRollbackTarget();
		this.releases.next = CompletableFuture.completedFuture(V2);
		CompletableFuture<RestartResult> restart = this.supervisor.restart(null);
		step();
		ready(5);
		this.clock.advance(Duration.ofSeconds(3));
		step();
		exit(3);
		ready(6);
		exit(4);
		this.clock.advance(Duration.ofSeconds(2));
		step();
		assertThat(restart).isCompleted();
		assertThat(this.supervisor.status().previousRelease()).isEqualTo(V1);
		assertThat(this.releases.retained).last().isEqualTo(List.of(V2, V1));
	}

	@Test
	void aReleaseThatCannotBePreparedRefusesTheRestartBeforeAnyWorkerIsTouched() {
		startReady();
		this.releases.next = CompletableFuture
			.failedFuture(new InvalidReleaseException("Release refused: /srv/app.jar is not a complete jar"));
		CompletableFuture<RestartResult> restart = this.supervisor.restart(null);
		step();
		assertThat(restart).isCompletedExceptionally();
		assertThatExceptionOfType(CompletionException.class).isThrownBy(restart::join)
			.havingCause()
			.isInstanceOf(InvalidReleaseException.class)
			.withMessage("Release refused: /srv/app.jar is not a complete jar");
		assertThat(this.launched).hasSize(2);
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		assertThat(this.supervisor.status().restarting()).isFalse();
		assertThat(this.processes.values()).noneMatch(FakeProcess::hasExited);
	}

	@Test
	void aFreshStatusWaitsUntilARestartBeingPreparedIsAcceptedOrRefused() {
		startReady();
		CompletableFuture<@Nullable Release> preparing = new CompletableFuture<>();
		this.releases.next = preparing;
		CompletableFuture<RestartResult> restart = this.supervisor.restart(null);
		CompletableFuture<ClusterStatus> fresh = this.supervisor.freshStatus();
		step();
		assertThat(fresh).isNotDone();
		preparing.complete(V2);
		step();
		assertThat(fresh).isCompleted();
		assertThat(fresh.join().generation()).isEqualTo(2);
		assertThat(restart).isNotDone();
	}

	@Test
	void anAbortedRestartAndTheRespawnsAfterItGoBackToThePreviousRelease() {
		startReady();
		this.releases.next = CompletableFuture.completedFuture(V2);
		CompletableFuture<RestartResult> restart = this.supervisor.restart(null);
		step();
		assertThat(this.launched).containsEntry(3, V2);
		this.processes.get(3).exit(1);
		step();
		assertThat(restart).isCompletedExceptionally();
		this.processes.get(1).exit(137);
		step();
		this.clock.advance(Duration.ofSeconds(5));
		step();
		assertThat(this.launched.values()).last().isEqualTo(V1);
		assertThat(this.launched.entrySet().stream().filter((entry) -> entry.getKey() > 3))
			.allSatisfy((entry) -> assertThat(entry.getValue()).isEqualTo(V1));
	}

	private void startReady() {
		step();
		ready(1);
		ready(2);
	}

	private void ready(int id) {
		this.supervisor.connected(id, 1000 + id, new FakeLink());
		this.supervisor.ready(id);
		step();
	}

	private void exit(int id) {
		this.processes.get(id).exit(0);
		step();
	}

	private void step() {
		SupervisorSteps.step(this.supervisor);
	}

	private static Release release(String hash) {
		String full = hash.repeat(16);
		return new Release(full, Path.of("/srv/app.jar"), Path.of("/cache/" + full.substring(0, 16)), Instant.EPOCH);
	}

	private static final class Releases implements ReleaseSource {

		CompletableFuture<@Nullable Release> next = CompletableFuture.completedFuture(null);

		final List<List<Release>> retained = new ArrayList<>();

		@Override
		public CompletableFuture<@Nullable Release> prepare() {
			return this.next;
		}

		@Override
		public void retain(Collection<Release> releases) {
			this.retained.add(List.copyOf(releases));
		}

	}

}
