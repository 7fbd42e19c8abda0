package io.github.clustermaster.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.release.ReleaseSource;
import io.github.clustermaster.supervisor.RestartIntensity;
import io.github.clustermaster.supervisor.Supervisor;
import io.github.clustermaster.supervisor.SupervisorSettings;
import io.github.clustermaster.supervisor.WorkerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ClusterCommandExecutor} on a real {@link Supervisor} thread whose
 * workers are fake processes that never become ready.
 */
class ClusterCommandExecutorTests {

	private Supervisor supervisor;

	private ClusterCommandExecutor commands;

	@BeforeEach
	void start() {
		SupervisorSettings settings = SupervisorSettings.defaults()
			.withSize(2)
			.withBootTimeout(Duration.ofMinutes(5))
			.withShutdownTimeout(Duration.ofSeconds(30))
			.withHeartbeatTimeout(Duration.ofMinutes(5))
			.withIntensity(new RestartIntensity(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(4)));
		this.supervisor = new Supervisor(settings, (id, generation, env) -> new Idle(5000L + id), Map.of(),
				ReleaseSource.NONE, null);
		this.supervisor.start();
		this.commands = new ClusterCommandExecutor(this.supervisor, 42);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.supervisor.status().workers().size() == 2);
	}

	@AfterEach
	void stop() {
		this.supervisor.close();
	}

	@Test
	void statusDescribesThePoolWithTheMastersPid() throws Exception {
		CommandOutcome outcome = run(new ClusterCommand.Status());
		assertThat(outcome.outcome()).isEqualTo(Outcome.DONE);
		assertThat(outcome.cluster().masterPid()).isEqualTo(42);
		assertThat(outcome.cluster().size()).isEqualTo(2);
	}

	@Test
	void theClusterAnOutcomeDescribesCarriesThePoolsWarnings() throws Exception {
		io.github.clustermaster.pool.PoolWarning warning = io.github.clustermaster.pool.PerProcessState.LOCAL_CACHE
			.warning("a cache");
		this.commands.warnings((size) -> (size > 1) ? java.util.List.of(warning) : java.util.List.of());
		CommandOutcome outcome = run(new ClusterCommand.Status());
		assertThat(outcome.cluster().warnings()).containsExactly(warning);
	}

	@Test
	void aRestartIsStartedAndASecondOneIsAConflictThatChangesNothing() throws Exception {
		CommandOutcome first = run(new ClusterCommand.Restart(Map.of("A", "1")));
		assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(first.message())
			.isEqualTo("Rolling restart to generation 2 started: replacing 2 workers with the environment [A]");
		assertThat(first.cluster().restarting()).isTrue();
		CommandOutcome second = run(new ClusterCommand.Restart(null));
		assertThat(second.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(second.message()).startsWith("A rolling restart is already running (generation 2");
		assertThat(this.supervisor.status().generation()).isEqualTo(2);
	}

	@Test
	void aRelayedRestartThatWaitsIsAnsweredWithItsOutcomeNotWhenItStarts() throws Exception {
		CompletableFuture<CommandOutcome> answer = this.commands.execute(new ClusterCommand.Restart(null, true), 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.supervisor.status().restarting());
		// Started, but its replacements never become ready: no answer yet.
		assertThat(answer).isNotDone();
		this.supervisor.quit();
		CommandOutcome outcome = answer.get(10, TimeUnit.SECONDS);
		assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(outcome.message()).isEqualTo("Rolling restart to generation 2 aborted: the master is quitting");
	}

	@Test
	void aRelayedRestartThatDoesNotWaitIsAnsweredOnceStarted() throws Exception {
		CommandOutcome outcome = this.commands.execute(new ClusterCommand.Restart(null, false), 1)
			.get(5, TimeUnit.SECONDS);
		assertThat(outcome.outcome()).isEqualTo(Outcome.STARTED);
	}

	@Test
	void aRestartCommandReadFromJsonWithoutWaitDoesNotWait() {
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
		assertThat(json.readValue("{\"operation\": \"restart\"}", ClusterCommand.class))
			.isEqualTo(new ClusterCommand.Restart(null, false));
		ClusterCommand waiting = new ClusterCommand.Restart(Map.of("A", "1"), true);
		assertThat(json.readValue(json.writeValueAsString(waiting), ClusterCommand.class)).isEqualTo(waiting);
	}

	@Test
	void aResizeIsStarted() throws Exception {
		CommandOutcome outcome = run(new ClusterCommand.Resize(3));
		assertThat(outcome.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(outcome.message()).isEqualTo("Resizing from 2 to 3 workers");
		assertThat(outcome.cluster().size()).isEqualTo(3);
	}

	@Test
	void aResizeIsDoneOnceItsWorkersAreReadyAndSaysWhichTheyAre() throws Exception {
		ClusterCommandExecutor.Execution execution = this.commands.submit(new ClusterCommand.Resize(0));
		assertThat(execution.accepted().get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.STARTED);
		CommandOutcome done = execution.done().get(10, TimeUnit.SECONDS);
		assertThat(done.outcome()).isEqualTo(Outcome.DONE);
		assertThat(done.message()).isEqualTo("0 workers, 0 ready: {}");
	}

	@Test
	void aResizeUpBeyondTheLimitIsAConflictThatChangesNothing() throws Exception {
		ClusterCommandExecutor limited = new ClusterCommandExecutor(this.supervisor, 42,
				(size) -> (size > 3) ? size + " workers need 12 GiB, more than the 8 GiB this master sees" : null);
		CommandOutcome outcome = limited.execute(new ClusterCommand.Resize(4)).get(5, TimeUnit.SECONDS);
		assertThat(outcome.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(outcome.message()).isEqualTo("Resize to 4 refused: 4 workers need 12 GiB, more than the 8 GiB "
				+ "this master sees; force it to resize anyway");
		assertThat(outcome.cluster().size()).isEqualTo(2);
		assertThat(this.supervisor.size()).isEqualTo(2);
		assertThat(limited.execute(new ClusterCommand.Resize(3)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.STARTED);
	}

	@Test
	void twoRelativeResizesSentTogetherAddTwoWorkers() throws Exception {
		// Two SIGTTINs within one supervisor step: each counts from the size the supervisor has
		CompletableFuture<CommandOutcome> first = this.commands.execute(ClusterCommand.ResizeBy.by(1));
		CompletableFuture<CommandOutcome> second = this.commands.execute(ClusterCommand.ResizeBy.by(1));
		assertThat(first.get(5, TimeUnit.SECONDS).message()).isEqualTo("Resizing by +1 to 3 workers");
		assertThat(second.get(5, TimeUnit.SECONDS).message()).isEqualTo("Resizing by +1 to 4 workers");
		assertThat(this.supervisor.size()).isEqualTo(4);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.supervisor.status().workers().size() == 4);
		assertThat(run(ClusterCommand.ResizeBy.by(-3)).outcome()).isEqualTo(Outcome.STARTED);
		assertThat(this.supervisor.size()).isEqualTo(1);
		run(ClusterCommand.ResizeBy.by(-1));
		run(ClusterCommand.ResizeBy.by(-1));
		assertThat(this.supervisor.size()).as("never below 0").isZero();
	}

	@Test
	void aRelativeResizeUpBeyondTheLimitIsAConflictThatChangesNothing() throws Exception {
		ClusterCommandExecutor limited = new ClusterCommandExecutor(this.supervisor, 42,
				(size) -> (size > 3) ? size + " workers need 12 GiB, more than the 8 GiB this master sees" : null);
		CompletableFuture<CommandOutcome> first = limited.execute(ClusterCommand.ResizeBy.by(1));
		CompletableFuture<CommandOutcome> second = limited.execute(ClusterCommand.ResizeBy.by(1));
		assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.STARTED);
		CommandOutcome refused = second.get(5, TimeUnit.SECONDS);
		assertThat(refused.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(refused.message()).isEqualTo("Resize to 4 refused: 4 workers need 12 GiB, more than the 8 GiB "
				+ "this master sees; force it to resize anyway");
		assertThat(this.supervisor.size()).isEqualTo(3);
		assertThat(limited.execute(new ClusterCommand.ResizeBy(1, true)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.STARTED);
		assertThat(this.supervisor.size()).isEqualTo(4);
	}

	@Test
	void aForcedResizeAndAResizeDownAreNotLimited() throws Exception {
		ClusterCommandExecutor limited = new ClusterCommandExecutor(this.supervisor, 42, (size) -> "never");
		CommandOutcome forced = limited.execute(new ClusterCommand.Resize(5, true)).get(5, TimeUnit.SECONDS);
		assertThat(forced.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(forced.message()).isEqualTo("Resizing from 2 to 5 workers");
		CommandOutcome down = limited.execute(new ClusterCommand.Resize(1)).get(5, TimeUnit.SECONDS);
		assertThat(down.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(this.supervisor.size()).isEqualTo(1);
	}

	@Test
	void aResizeSupersededByAnotherFails() throws Exception {
		ClusterCommandExecutor.Execution first = this.commands.submit(new ClusterCommand.Resize(3));
		run(new ClusterCommand.Resize(0));
		CommandOutcome done = first.done().get(10, TimeUnit.SECONDS);
		assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(done.message()).isEqualTo("The resize to 3 was superseded by a resize to 0");
	}

	@Test
	void aRefusedCommandIsDoneWithItsRefusal() throws Exception {
		run(new ClusterCommand.Restart(null));
		ClusterCommandExecutor.Execution second = this.commands.submit(new ClusterCommand.Restart(null));
		assertThat(second.done().get(5, TimeUnit.SECONDS)).isEqualTo(second.accepted().get(5, TimeUnit.SECONDS));
		assertThat(second.done().get().outcome()).isEqualTo(Outcome.CONFLICT);
	}

	@Test
	void aQuitIsStartedAndLaterCommandsAreConflicts() throws Exception {
		CommandOutcome quit = run(new ClusterCommand.Quit(false));
		assertThat(quit.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(quit.message())
			.isEqualTo("Quitting: stopping 2 workers gracefully; the master exits with code 0 once they are gone");
		CommandOutcome resize = run(new ClusterCommand.Resize(4));
		assertThat(resize.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(resize.message()).contains("quit");
	}

	@Test
	void anUpgradeIsStartedAndDoneOnceTheNewMasterHasTakenOver() throws Exception {
		FakeUpgrade upgrade = new FakeUpgrade();
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		ClusterCommandExecutor.Execution execution = commands.submit(new ClusterCommand.Upgrade());
		CommandOutcome started = execution.accepted().get(5, TimeUnit.SECONDS);
		assertThat(started.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(started.message()).isEqualTo("Upgrade: new master pid 7001 started from /srv/app/current/app.jar; "
				+ "this master hands over once the new one has its workers ready");
		assertThat(execution.done()).isNotDone();
		upgrade.running.tookOver().complete(2);
		CommandOutcome done = execution.done().get(5, TimeUnit.SECONDS);
		assertThat(done.outcome()).isEqualTo(Outcome.DONE);
		assertThat(done.message())
			.isEqualTo("Upgrade done: master pid 7001 took over with 2 workers ready; this master drains its workers and exits");
	}

	@Test
	void whileAnUpgradeRunsASecondOneARestartAndAResizeAreRefusedButAQuitIsNot() throws Exception {
		FakeUpgrade upgrade = new FakeUpgrade();
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		commands.execute(new ClusterCommand.Upgrade()).get(5, TimeUnit.SECONDS);
		CommandOutcome second = commands.execute(new ClusterCommand.Upgrade()).get(5, TimeUnit.SECONDS);
		assertThat(second.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(second.message()).isEqualTo("Upgrade refused: an upgrade to a new master (pid 7001) is running; "
				+ "this master stops once it has taken over");
		assertThat(commands.execute(new ClusterCommand.Restart(null)).get(5, TimeUnit.SECONDS).message())
			.startsWith("Restart refused: an upgrade to a new master (pid 7001) is running");
		assertThat(commands.execute(new ClusterCommand.Resize(3)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.CONFLICT);
		assertThat(upgrade.starts).isEqualTo(1);
		assertThat(this.supervisor.status().generation()).isEqualTo(1);
		assertThat(commands.execute(new ClusterCommand.Quit(false)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.STARTED);
	}

	@Test
	void aMasterThatHandedOverQuitsOnceAndRefusesEverythingElseButAHardQuitSoThatItsDrainIsNotCutShort() throws Exception {
		FakeUpgrade upgrade = new FakeUpgrade();
		upgrade.handedOverTo = 7001;
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		assertThat(commands.execute(new ClusterCommand.Resize(3)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.CONFLICT);
		// the hand-over's own quit
		assertThat(commands.execute(new ClusterCommand.Quit(false)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.STARTED);
		CommandOutcome quit = commands.execute(new ClusterCommand.Quit(false)).get(5, TimeUnit.SECONDS);
		assertThat(quit.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(quit.message()).isEqualTo("Quit refused: this master has handed over to master pid 7001 and exits "
				+ "once its workers have drained; send it there");
		assertThat(commands.execute(new ClusterCommand.Upgrade()).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.CONFLICT);
		assertThat(commands.execute(new ClusterCommand.Status()).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.DONE);
		// A hard quit is never refused for the hand-over (these fake workers exit at once on
		// SIGTERM, so the graceful quit may have ended already: then there is nothing to kill).
		CommandOutcome hard = commands.execute(new ClusterCommand.Quit(true)).get(5, TimeUnit.SECONDS);
		assertThat(hard.message()).doesNotContain("handed over");
	}

	@Test
	void anUpgradeDuringARollingRestartIsRefusedAndStartsNoMaster() throws Exception {
		FakeUpgrade upgrade = new FakeUpgrade();
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		commands.execute(new ClusterCommand.Restart(null)).get(5, TimeUnit.SECONDS);
		CommandOutcome outcome = commands.execute(new ClusterCommand.Upgrade()).get(5, TimeUnit.SECONDS);
		assertThat(outcome.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(outcome.message())
			.isEqualTo("Upgrade refused: a rolling restart is running (generation 2); upgrade once it is done");
		assertThat(upgrade.starts).isZero();
	}

	@Test
	void anUpgradeWhoseNewMasterFailsIsDoneWithTheReason() throws Exception {
		FakeUpgrade upgrade = new FakeUpgrade();
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		ClusterCommandExecutor.Execution execution = commands.submit(new ClusterCommand.Upgrade());
		upgrade.running.tookOver()
			.completeExceptionally(new IllegalStateException("Upgrade failed: new master pid 7001 exited with code 1 "
					+ "before it was ready; this master serves on"));
		CommandOutcome done = execution.done().get(5, TimeUnit.SECONDS);
		assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(done.message()).isEqualTo(
				"Upgrade failed: new master pid 7001 exited with code 1 before it was ready; this master serves on");
		upgrade.running = null;
		assertThat(commands.execute(new ClusterCommand.Resize(2)).get(5, TimeUnit.SECONDS).outcome())
			.isEqualTo(Outcome.STARTED);
	}

	@Test
	void anUpgradeThatCannotStartIsRefusedAndOneWithoutAJavaToRunIsRejected() throws Exception {
		CommandOutcome cannot = this.commands.execute(new ClusterCommand.Upgrade()).get(5, TimeUnit.SECONDS);
		assertThat(cannot.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(cannot.message()).isEqualTo("Upgrade refused: this master cannot start a new master");
		FakeUpgrade upgrade = new FakeUpgrade();
		ClusterCommandExecutor commands = new ClusterCommandExecutor(this.supervisor, 42, ResizeLimit.NONE, upgrade);
		CommandOutcome rejected = commands.execute(new ClusterCommand.Upgrade("/nowhere/java"))
			.get(5, TimeUnit.SECONDS);
		assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(rejected.message()).isEqualTo("Upgrade refused: java /nowhere/java is not an executable file");
	}

	private CommandOutcome run(ClusterCommand command) throws Exception {
		return this.commands.execute(command).get(5, TimeUnit.SECONDS);
	}

	/**
	 * An upgrade whose new master takes over when the test says so.
	 */
	private static final class FakeUpgrade implements MasterUpgrade {

		private volatile MasterUpgrade.Upgrading running;

		private int starts;

		private long handedOverTo;

		@Override
		public long handedOverTo() {
			return this.handedOverTo;
		}

		@Override
		public MasterUpgrade.Upgrading current() {
			return this.running;
		}

		@Override
		public MasterUpgrade.Upgrading start(String java) {
			if (java != null) {
				throw new IllegalArgumentException("java " + java + " is not an executable file");
			}
			this.starts++;
			this.running = new MasterUpgrade.Upgrading(7001, "/srv/app/current/app.jar", new CompletableFuture<>());
			return this.running;
		}

	}

	/**
	 * A process that never reports anything and ends when told to.
	 */
	private record Idle(long pid, CompletableFuture<Integer> exit) implements WorkerProcess {

		Idle(long pid) {
			this(pid, new CompletableFuture<>());
		}

		@Override
		public CompletableFuture<Integer> onExit() {
			return this.exit;
		}

		@Override
		public void terminate() {
			this.exit.complete(143);
		}

		@Override
		public void kill() {
			this.exit.complete(137);
		}

		@Override
		public String commandLine() {
			return "idle " + this.pid;
		}

	}

}
