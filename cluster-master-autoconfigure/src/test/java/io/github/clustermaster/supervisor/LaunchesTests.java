package io.github.clustermaster.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.clustermaster.release.InvalidReleaseException;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Launches} alone: a new launch per restart, restored whole on abort, the
 * releases kept when a rollout finishes, a restart's release prepared before it begins.
 *
 * @author cluster-master
 */
class LaunchesTests {

	private static final Release V1 = release("1111");

	private static final Release V2 = release("2222");

	private static final SupervisorSettings SETTINGS = SupervisorSettings.defaults();

	private final Releases releases = new Releases();

	private final Launches launches = new Launches(new LaunchSpec(1, Map.of("A", "1"), V1), this.releases);

	@Test
	void aRestartLaunchesANewGenerationKeepingWhatItDoesNotChange() {
		LaunchSpec first = this.launches.current();
		assertThat(this.launches.next(null, V2)).isSameAs(first);
		assertThat(this.launches.current()).isEqualTo(new LaunchSpec(2, Map.of("A", "1"), V2));
		this.launches.next(Map.of("B", "2"), null);
		assertThat(this.launches.current()).isEqualTo(new LaunchSpec(3, Map.of("B", "2"), V2));
	}

	@Test
	void anAbortRestoresTheLaunchBeforeWholeAndTheNextRestartGetsANewNumber() {
		LaunchSpec first = this.launches.current();
		LaunchSpec before = this.launches.next(Map.of("B", "2"), V2);
		RolloutOutcome aborted = outcome(2, RolloutOutcome.Result.ABORTED);
		this.launches.aborted(aborted, before);
		assertThat(this.launches.current()).isSameAs(first);
		assertThat(this.launches.lastRollout()).isSameAs(aborted);
		assertThat(this.launches.previousRelease()).isNull();
		assertThat(this.releases.retained).as("nothing pruned").isEmpty();
		this.launches.next(null, null);
		assertThat(this.launches.current().generation()).isEqualTo(3);
	}

	@Test
	void anAbortWithoutALaunchToRestoreKeepsTheCurrentOne() {
		this.launches.next(null, V2);
		this.launches.aborted(outcome(2, RolloutOutcome.Result.ABORTED), null);
		assertThat(this.launches.current().release()).isEqualTo(V2);
	}

	@Test
	void aFinishedRolloutKeepsTheReleaseRunAndTheRollbackTarget() {
		this.launches.next(null, V2);
		RolloutOutcome done = outcome(2, RolloutOutcome.Result.DONE);
		this.launches.finished(done, V1);
		assertThat(this.launches.previousRelease()).isEqualTo(V1);
		assertThat(this.launches.lastRollout()).isSameAs(done);
		assertThat(this.releases.retained).containsExactly(List.of(V2, V1));
		this.launches.next(Map.of("B", "2"), null);
		this.launches.finished(outcome(3, RolloutOutcome.Result.DONE), null);
		assertThat(this.launches.previousRelease()).as("the same release: the target stays").isEqualTo(V1);
		assertThat(this.releases.retained).last().isEqualTo(List.of(V2, V1));
	}

	@Test
	void aRolloutRunsFromItsBeginToItsEndAndASecondIsRefusedMeanwhileWithoutTouchingTheLaunch() {
		RollingRestart rollout = this.launches.begin(Map.of("B", "2"), V2, 2, 0, Instant.EPOCH, SETTINGS,
				new CompletableFuture<>());
		assertThat(this.launches.rollout()).isSameAs(rollout);
		assertThat(rollout.target()).isSameAs(this.launches.current())
			.isEqualTo(new LaunchSpec(2, Map.of("B", "2"), V2));
		assertThatThrownBy(
				() -> this.launches.begin(null, null, 2, 0, Instant.EPOCH, SETTINGS, new CompletableFuture<>()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("A rolling restart is already running (generation 2, 0 of 2 workers replaced)");
		assertThat(this.launches.current().generation()).isEqualTo(2);
		RolloutOutcome done = outcome(2, RolloutOutcome.Result.DONE);
		this.launches.finished(new RolloutStep.Finish(0, done, true, V1, new CompletableFuture<>(), null, "done"));
		assertThat(this.launches.rollout()).isNull();
		assertThat(this.launches.lastRollout()).isSameAs(done);
		assertThat(this.launches.previousRelease()).isSameAs(V1);
	}

	@Test
	void anAbortedRolloutRestoresTheLaunchBeforeItWholeAndItsRollbackRunsFromThen() {
		RollingRestart rollout = this.launches.begin(Map.of("B", "2"), V2, 1, 0, Instant.EPOCH, SETTINGS,
				new CompletableFuture<>());
		PoolView pool = new PoolView(1, 1, true, false,
				List.of(new PoolView.Member(5, 2, WorkerState.READY, Instant.EPOCH, null)));
		RollingRestart.Aborted aborted = rollout.abort("its new worker crashed", pool, Instant.EPOCH);
		this.launches.aborted(aborted);
		assertThat(this.launches.current()).isEqualTo(new LaunchSpec(1, Map.of("A", "1"), V1));
		assertThat(this.launches.rollout()).isNotNull().isSameAs(aborted.rollback());
		assertThat(this.launches.rollout().isRollback()).isTrue();
		assertThat(this.launches.lastRollout().result()).isEqualTo(RolloutOutcome.Result.ABORTED);
	}

	@Test
	void anAbandonedRolloutEndsWithoutRestoringAnything() {
		RollingRestart rollout = this.launches.begin(null, V2, 1, 0, Instant.EPOCH, SETTINGS,
				new CompletableFuture<>());
		this.launches.aborted(rollout.abandon("the master is quitting", Instant.EPOCH));
		assertThat(this.launches.rollout()).isNull();
		assertThat(this.launches.current().release()).isSameAs(V2);
		assertThat(this.launches.lastRollout().message())
			.isEqualTo("Rolling restart to generation 2 aborted: the master is quitting");
	}

	@Test
	void aWorkerLaunchesTheCurrentLaunchAndASpareIsMarkedAsOne() throws Exception {
		FakeLauncher launcher = new FakeLauncher();
		this.launches.next(Map.of("B", "2"), V2);
		WorkerHandle worker = this.launches.launch(launcher, 7, 3, false, 1, Instant.EPOCH);
		WorkerHandle spare = this.launches.launch(launcher, 8, -1, true, 0, Instant.EPOCH);
		assertThat(launcher.launch(7)).satisfies((launch) -> {
			assertThat(launch.slot()).isEqualTo(3);
			assertThat(launch.generation()).isEqualTo(2);
			assertThat(launch.env()).isEqualTo(Map.of("B", "2"));
		});
		assertThat(worker.release).isSameAs(V2);
		assertThat(worker.restarts).isOne();
		assertThat(worker.spare).isFalse();
		assertThat(launcher.launch(8).env()).isEqualTo(Map.of("B", "2", WorkerLauncher.SPARE, "true"));
		assertThat(spare.spare).isTrue();
		assertThat(spare.slot).isEqualTo(-1);
	}

	@Test
	void withoutReleasesNothingIsPruned() {
		Launches plain = new Launches(new LaunchSpec(1, Map.of(), null), this.releases);
		plain.next(null, null);
		plain.finished(outcome(2, RolloutOutcome.Result.DONE), null);
		assertThat(this.releases.retained).isEmpty();
	}

	@Test
	void aRestartBeginsWithThePreparedReleaseOnceItIsReady() {
		CompletableFuture<@Nullable Release> preparing = new CompletableFuture<>();
		this.releases.next = preparing;
		List<@Nullable Release> begun = new ArrayList<>();
		CompletableFuture<String> result = this.launches.prepare((release) -> {
			begun.add(release);
			return CompletableFuture.completedFuture("begun");
		});
		assertThat(this.launches.prepared()).isNotDone();
		assertThat(begun).isEmpty();
		preparing.complete(V2);
		assertThat(begun).containsExactly(V2);
		assertThat(result).isCompletedWithValue("begun");
		assertThat(this.launches.prepared()).isDone();
	}

	@Test
	void aReleaseThatCannotBePreparedRefusesTheRestartBeforeItBegins() {
		this.releases.next = CompletableFuture.failedFuture(new InvalidReleaseException("not a jar"));
		List<@Nullable Release> begun = new ArrayList<>();
		CompletableFuture<String> result = this.launches.prepare((release) -> {
			begun.add(release);
			return CompletableFuture.completedFuture("begun");
		});
		assertThat(begun).isEmpty();
		assertThat(result).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(InvalidReleaseException.class)
			.withMessage("not a jar");
		assertThat(this.launches.prepared()).isDone();
	}

	@Test
	void theRestartsFailureIsTheResults() {
		CompletableFuture<String> result = this.launches
			.prepare((release) -> CompletableFuture.failedFuture(new IllegalStateException("quitting")));
		assertThat(result).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("quitting");
	}

	@Test
	void prepareWaitsForEveryRestartBeingPrepared() {
		CompletableFuture<@Nullable Release> first = new CompletableFuture<>();
		CompletableFuture<@Nullable Release> second = new CompletableFuture<>();
		this.releases.next = first;
		this.launches.prepare((release) -> CompletableFuture.completedFuture("first"));
		this.releases.next = second;
		this.launches.prepare((release) -> CompletableFuture.completedFuture("second"));
		second.complete(null);
		assertThat(this.launches.prepared()).isNotDone();
		first.complete(null);
		assertThat(this.launches.prepared()).isDone();
	}

	private static RolloutOutcome outcome(int generation, RolloutOutcome.Result result) {
		return new RolloutOutcome(generation, result, result.name(), 1, Duration.ofSeconds(1), Instant.EPOCH, null);
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
