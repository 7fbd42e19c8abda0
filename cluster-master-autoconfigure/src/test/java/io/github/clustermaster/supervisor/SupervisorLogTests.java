package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.github.clustermaster.supervisor.SupervisorEvent.AcceptQueue;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopCleared;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopDanger;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopGaveUp;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopReset;
import io.github.clustermaster.supervisor.SupervisorEvent.ExitKind;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolAutoscaled;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolEnded;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolResized;
import io.github.clustermaster.supervisor.SupervisorEvent.QuitHard;
import io.github.clustermaster.supervisor.SupervisorEvent.QuitLastServer;
import io.github.clustermaster.supervisor.SupervisorEvent.Quitting;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutAborted;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutDone;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutRefused;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutStarted;
import io.github.clustermaster.supervisor.SupervisorEvent.SparePromoted;
import io.github.clustermaster.supervisor.SupervisorEvent.SupervisorFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.Worker;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerExited;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerHung;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerKilled;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerReady;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerRecycling;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStartFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStarted;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStopping;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerTerminated;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerUnknown;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SupervisorLog}: the sentence of each kind of event (users' logs and the
 * docs quote them), checked once here rather than by the integration tests, which read
 * the events themselves.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorLogTests {

	private static final Worker TWO = new Worker(2, 1002, false);

	private static final Worker SPARE = new Worker(3, 1003, true);

	private static final WorkerStats STATS = new WorkerStats(1234, 0, null, null, 40L << 20, 256L << 20, 180L << 20,
			1200, 35);

	@Test
	void aWorkersStepsAreSentences() {
		assertThat(text(new WorkerStarted(TWO, 1, 0, ", boots with CDS")))
			.isEqualTo("Started Worker 2 (pid 1002) in generation 1, boots with CDS, slot 0");
		assertThat(text(new WorkerStarted(SPARE, 2, -1, ""))).isEqualTo("Started Spare worker 3 (pid 1003) in "
				+ "generation 2, as a hot spare");
		assertThat(text(new WorkerStartFailed(4, new IllegalStateException("no java"))))
			.isEqualTo("Could not start worker 4: no java");
		assertThat(text(new WorkerReady(TWO, 1, Duration.ofMillis(1500))))
			.isEqualTo("Worker 2 (pid 1002) is ready after 1.5 s (generation 1)");
		assertThat(text(new WorkerReady(SPARE, 1, Duration.ofSeconds(2)))).isEqualTo("Spare worker 3 (pid 1003) is "
				+ "ready after 2.0 s (generation 1); it waits, not accepting, until it is promoted");
		assertThat(text(new WorkerStopping(TWO, "quit"))).isEqualTo("Stopping Worker 2 (pid 1002) gracefully: quit");
		assertThat(text(new WorkerTerminated(TWO, Duration.ofSeconds(30)))).isEqualTo("Worker 2 (pid 1002) did not "
				+ "stop within the shutdown timeout of 30.0 s; sending SIGTERM");
		assertThat(text(new WorkerKilled(TWO, "hard quit"))).isEqualTo("Killing Worker 2 (pid 1002): hard quit");
		assertThat(text(new WorkerHung(TWO, "it sent no heartbeat for 3.0 s", true))).isEqualTo("Worker 2 (pid 1002) "
				+ "is hung: it sent no heartbeat for 3.0 s; asked it for a thread dump (SIGCONT, then SIGQUIT): it "
				+ "follows in the master's output, which is the worker's standard output. It is replaced now and "
				+ "killed once its replacement is ready");
		assertThat(text(new WorkerHung(TWO, "late", false))).contains("late; it could not be asked for a thread dump.");
		assertThat(text(new WorkerRecycling(TWO, "it is old"))).isEqualTo("Recycling Worker 2 (pid 1002): it is old; "
				+ "it serves on until its replacement is ready");
		assertThat(text(new WorkerUnknown(9, 99))).isEqualTo("Worker 9 (pid 99) is not one of this master's; asking "
				+ "it to stop");
		assertThat(text(new SparePromoted(new Worker(3, 1003, false), 1, 1, 2))).isEqualTo("Promoted Worker 3 "
				+ "(pid 1003) from hot spare to slot 1: it accepts now, 1 worker ready of 2");
	}

	@Test
	void eachKindOfExitHasItsSentence() {
		assertThat(text(exit(ExitKind.EXPECTED, "quit", STATS))).isEqualTo("Worker 2 (pid 1002) exited with code 0 "
				+ "after 5.0 s (quit); it served 1234 requests, resident memory 180 MiB, heap 40 MiB of 256 MiB, GC "
				+ "1.2 s in 35 collections");
		assertThat(text(exit(ExitKind.MISSED_BOOT, "Worker 2 (pid 1002) missed its boot timeout", null)))
			.isEqualTo("Worker 2 (pid 1002) missed its boot timeout (if it is only slow, raise "
					+ "cluster.master.boot-timeout). Its command line was: java -jar app.jar");
		assertThat(text(exit(ExitKind.FAILED_BOOT, "Worker 2 (pid 1002) died", null))).isEqualTo("Worker 2 "
				+ "(pid 1002) died. Its command line was: java -jar app.jar (its own output above says why it failed)");
		assertThat(text(exit(ExitKind.CRASHED, "Worker 2 (pid 1002) died", null)))
			.isEqualTo("Worker 2 (pid 1002) died (was READY)");
	}

	@Test
	void anExitsFieldsNameItsKindAndSignal() {
		WorkerExited killed = new WorkerExited(TWO, 1, ExitKind.CRASHED, 137, Duration.ofSeconds(5), "killed", false,
				WorkerState.READY, "java", STATS);
		assertThat(killed.event()).isEqualTo("worker-exited");
		assertThat(killed.fields()).containsEntry("worker", 2)
			.containsEntry("pid", 1002L)
			.containsEntry("kind", "crashed")
			.containsEntry("code", 137)
			.containsEntry("signal", 9)
			.containsEntry("afterMs", 5000L)
			.containsEntry("requests", 1234L);
		assertThat(exit(ExitKind.EXPECTED, "quit", null).fields()).doesNotContainKeys("signal", "requests");
	}

	@Test
	void thePoolsEventsAreSentences() {
		assertThat(text(new PoolResized(2, 3))).isEqualTo("Resizing the cluster from 2 to 3 workers");
		assertThat(text(new PoolAutoscaled(2, 1, "the workers were idle for 5.0 s")))
			.isEqualTo("Autoscaling from 2 to 1 worker: the workers were idle for 5.0 s");
		assertThat(text(new CrashLoopDanger(2, Duration.ofSeconds(10), Duration.ofSeconds(2)))).isEqualTo("Danger: 2 "
				+ "worker(s) in a row died young (before ready or under 10.0 s); next respawn in 2.0 s");
		assertThat(text(new CrashLoopGaveUp(5, Duration.ofSeconds(60), 4, "Worker 2 died"))).isEqualTo("Giving up: 5 "
				+ "worker crashes within 60.0 s exceed cluster.master.restart-intensity.max-restarts=4; crashed "
				+ "workers are no longer replaced. Last: Worker 2 died");
		assertThat(text(new CrashLoopCleared(Duration.ofSeconds(10))))
			.isEqualTo("Out of danger: a new worker has stayed up for 10.0 s");
		assertThat(text(new CrashLoopReset())).isEqualTo("Respawning crashed workers again after an operator's command");
		assertThat(text(new AcceptQueue(Duration.ofSeconds(10), 8))).isEqualTo("Connections have waited in the shared "
				+ "accept queue for 10.0 s (8 now): every worker is busy. More workers (resize, cluster.master.size) "
				+ "or more server threads per worker would take them sooner");
		assertThat(text(new AcceptQueue(Duration.ZERO, 0))).isEqualTo("The accept queue is empty again");
	}

	@Test
	void aRolloutsEventsAreSentences() {
		assertThat(text(new RolloutStarted(2, 3, 2, Set.of("A"), null, false, 1))).isEqualTo("Rolling restart to "
				+ "generation 2: replacing 3 workers, the first alone, then up to 2 at a time with a new environment "
				+ "[A]; worker 1 relayed the request and is stopped last, once the outcome is known");
		assertThat(text(new RolloutStarted(2, 1, 2, null, null, false, 0)))
			.isEqualTo("Rolling restart to generation 2: replacing 1 workers one at a time");
		assertThat(text(new RolloutDone(2, false, 2, Duration.ofSeconds(12), null, null)))
			.isEqualTo("Rolling restart to generation 2 done: 2 workers replaced in 12.0 s");
		assertThat(text(new RolloutDone(1, true, 1, Duration.ofSeconds(3), null, null)))
			.isEqualTo("Rollback to generation 1 done: 1 workers replaced in 3.0 s");
		assertThat(text(new RolloutAborted(2, false, "its new Worker 3 died", 1, true, 1))).isEqualTo("Rolling "
				+ "restart to generation 2 aborted because its new Worker 3 died; rolling the 1 worker it already "
				+ "replaced back to generation 1");
		assertThat(text(new RolloutAborted(2, false, "why", 0, false, 1)))
			.isEqualTo("Rolling restart to generation 2 aborted because why; the old workers were kept");
		assertThat(text(new RolloutAborted(1, true, "why", 2, false, 2)))
			.isEqualTo("Rollback to generation 1 aborted because why; the 2 workers of generation 1 serve on");
		assertThat(text(new RolloutRefused("Release refused: x"))).isEqualTo("Rolling restart refused: Release "
				+ "refused: x");
	}

	@Test
	void theQuitsEventsAreSentences() {
		assertThat(text(new Quitting(Duration.ofSeconds(5), 3))).isEqualTo("Quitting: the workers refuse new traffic "
				+ "(readiness) and serve on for cluster.master.quit-delay=5.0 s, then stopping 3 workers gracefully");
		assertThat(text(new Quitting(Duration.ZERO, 2))).isEqualTo("Quitting: stopping 2 workers gracefully");
		assertThat(text(new QuitLastServer(TWO, 8))).isEqualTo("Worker 2 (pid 1002) serves the connections waiting "
				+ "in the accept queue (8 now) while the others drain; it stops once the queue is empty");
		assertThat(text(new QuitHard(true))).isEqualTo("Second quit: killing every worker");
		assertThat(text(new QuitHard(false))).isEqualTo("Quitting hard: killing every worker");
		assertThat(text(new PoolEnded(0))).isEqualTo("Every worker has exited; the master exits with code 0");
		assertThat(text(new PoolFailed(1)))
			.isEqualTo("No worker can stay up; stopping the cluster, the master exits with code 1");
		assertThat(text(new SupervisorFailed(70, new OutOfMemoryError())))
			.isEqualTo("The supervisor failed: killing every worker; the master exits with code 70");
	}

	@Test
	void anEventIsLoggedAtItsLevelUnderItsLogger(CapturedOutput output) {
		SupervisorLog.log(new WorkerKilled(TWO, "hard quit"));
		SupervisorLog.log(new RolloutRefused("bad jar"));
		SupervisorLog.log(new PoolResized(1, 2));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Killing Worker 2")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("WARN")
			.contains("WorkerHandle");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rolling restart refused: bad jar")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("ERROR")
			.contains("Supervisor");
		assertThat(output).contains("Resizing the cluster from 1 to 2 workers");
	}

	@Test
	void everyKindOfEventHasItsOwnName() {
		List<SupervisorEvent> events = List.of(new WorkerStarted(TWO, 1, 0, ""), new WorkerStartFailed(1,
				new IllegalStateException()), new WorkerReady(TWO, 1, Duration.ZERO), new WorkerStopping(TWO, ""),
				new WorkerTerminated(TWO, Duration.ZERO), new WorkerKilled(TWO, ""), new WorkerHung(TWO, "", true),
				new WorkerRecycling(TWO, ""), exit(ExitKind.EXPECTED, "", null), new WorkerUnknown(1, 1),
				new SparePromoted(TWO, 0, 1, 1), new PoolResized(1, 2), new PoolAutoscaled(1, 2, ""),
				new RolloutStarted(2, 1, 1, null, null, false, 0),
				new RolloutDone(2, false, 1, Duration.ZERO, null, null), new RolloutAborted(2, false, "", 0, false, 1),
				new RolloutRefused(""), new CrashLoopDanger(1, Duration.ZERO, Duration.ZERO),
				new CrashLoopGaveUp(1, Duration.ZERO, 1, ""), new CrashLoopCleared(Duration.ZERO),
				new CrashLoopReset(), new AcceptQueue(Duration.ZERO, 0), new Quitting(Duration.ZERO, 1),
				new QuitLastServer(TWO, 1), new QuitHard(false), new PoolEnded(0), new PoolFailed(1),
				new SupervisorFailed(70, new Error()));
		assertThat(events.stream().map(SupervisorEvent::event)).doesNotHaveDuplicates()
			.allMatch((name) -> name.matches("[a-z]+(-[a-z]+)*"));
		assertThat(SupervisorEvent.class.getPermittedSubclasses()).hasSize(events.size());
	}

	private static WorkerExited exit(ExitKind kind, String reason, WorkerStats stats) {
		return new WorkerExited(TWO, 1, kind, 0, Duration.ofSeconds(5), reason, false, WorkerState.READY,
				"java -jar app.jar", stats);
	}

	private static String text(SupervisorEvent event) {
		return SupervisorLog.text(event);
	}

}
