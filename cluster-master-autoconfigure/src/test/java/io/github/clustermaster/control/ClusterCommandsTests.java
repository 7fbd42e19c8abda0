package io.github.clustermaster.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.control.CommandOutcome.Outcome;
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
 * Tests for {@link ClusterCommands} on a real {@link Supervisor} thread whose workers are
 * fake processes that never become ready.
 */
class ClusterCommandsTests {

	private Supervisor supervisor;

	private ClusterCommands commands;

	@BeforeEach
	void start() {
		SupervisorSettings settings = new SupervisorSettings(2, Duration.ofSeconds(2), Duration.ofMinutes(5),
				Duration.ofSeconds(30), Duration.ofMinutes(5),
				new RestartIntensity(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(4)));
		this.supervisor = new Supervisor(settings, (id, generation, env) -> new Idle(5000L + id), Map.of());
		this.supervisor.start();
		this.commands = new ClusterCommands(this.supervisor, 42);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.supervisor.status().workers().size() == 2);
	}

	@AfterEach
	void stop() {
		this.supervisor.close();
	}

	@Test
	void statusDescribesThePoolWithTheMastersPid() throws Exception {
		CommandOutcome outcome = run(ClusterCommand.status());
		assertThat(outcome.outcome()).isEqualTo(Outcome.DONE);
		assertThat(outcome.cluster().masterPid()).isEqualTo(42);
		assertThat(outcome.cluster().size()).isEqualTo(2);
	}

	@Test
	void aRestartIsStartedAndASecondOneIsAConflictThatChangesNothing() throws Exception {
		CommandOutcome first = run(ClusterCommand.restart(Map.of("A", "1")));
		assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(first.message()).startsWith("Rolling restart to generation 2 started");
		assertThat(first.cluster().restarting()).isTrue();
		CommandOutcome second = run(ClusterCommand.restart(null));
		assertThat(second.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(second.message()).startsWith("A rolling restart is already running (generation 2");
		assertThat(this.supervisor.status().generation()).isEqualTo(2);
	}

	@Test
	void aResizeIsStarted() throws Exception {
		CommandOutcome outcome = run(ClusterCommand.resize(3));
		assertThat(outcome.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(outcome.message()).isEqualTo("Resizing the cluster from 2 to 3 workers");
		assertThat(outcome.cluster().size()).isEqualTo(3);
	}

	@Test
	void aResizeOutOfRangeIsRejectedAndChangesNothing() throws Exception {
		assertThat(run(ClusterCommand.resize(-1)).outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(run(ClusterCommand.resize(ClusterCommands.MAX_SIZE + 1)).message())
			.isEqualTo("size must be a number from 0 to 1024, was 1025");
		assertThat(this.supervisor.status().size()).isEqualTo(2);
	}

	@Test
	void anUnknownOperationIsRejected() throws Exception {
		assertThat(run(new ClusterCommand("explode", null, null, null)).outcome()).isEqualTo(Outcome.REJECTED);
	}

	@Test
	void aQuitIsStartedAndLaterCommandsAreConflicts() throws Exception {
		CommandOutcome quit = run(ClusterCommand.quit(false));
		assertThat(quit.outcome()).isEqualTo(Outcome.STARTED);
		assertThat(quit.message()).isEqualTo("Quitting: stopping 2 workers gracefully, then the master exits");
		CommandOutcome resize = run(ClusterCommand.resize(4));
		assertThat(resize.outcome()).isEqualTo(Outcome.CONFLICT);
		assertThat(resize.message()).contains("quit");
	}

	private CommandOutcome run(ClusterCommand command) throws Exception {
		return this.commands.execute(command).get(5, TimeUnit.SECONDS);
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
