package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerHandle}: its deadlines and how it escalates its own stop.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerHandleTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final SupervisorSettings SETTINGS = SupervisorFixture.settings(1)
		.withShutdownTimeout(SHUTDOWN_TIMEOUT)
		.withHeartbeatTimeout(Duration.ofSeconds(10));

	private final FakeProcess process = new FakeProcess(1001);

	private final WorkerHandle worker = new WorkerHandle(1, 1, null, this.process, T0, 0);

	@Test
	void whileStartingTheDeadlineIsTheBootTimeout() {
		assertThat(this.worker.deadline(SETTINGS)).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void onceReadyTheDeadlineIsTheHeartbeatTimeoutAfterTheLastHeartbeat() {
		this.worker.state = WorkerState.READY;
		this.worker.lastHeartbeat = T0.plusSeconds(5);
		assertThat(this.worker.deadline(SETTINGS)).isEqualTo(T0.plusSeconds(15));
	}

	@Test
	void pastItsBootTimeoutAStartingWorkerMissedItsBoot() {
		assertThat(this.worker.overdue(T0.plusSeconds(60), SETTINGS)).isNull();
		assertThat(this.worker.overdue(T0.plusSeconds(61), SETTINGS)).isEqualTo("it missed its boot timeout of 60.0 s");
	}

	@Test
	void pastItsHeartbeatTimeoutAReadyWorkerIsHungAndAStoppingOneIsNeither() {
		this.worker.ready(T0.plusSeconds(5));
		assertThat(this.worker.overdue(T0.plusSeconds(15), SETTINGS)).isNull();
		assertThat(this.worker.overdue(T0.plusSeconds(16), SETTINGS)).isEqualTo("it sent no heartbeat for 10.0 s");
		this.worker.stop(T0.plusSeconds(16), "quit");
		assertThat(this.worker.overdue(T0.plusSeconds(100), SETTINGS)).isNull();
	}

	@Test
	void aBootingWorkerPastItsDeadlineIsReportedLostThenKilledAsFaulty() {
		List<String> lost = new ArrayList<>();
		this.worker.checkDeadline(T0.plusSeconds(60), SETTINGS, false, false, lost::add);
		assertThat(lost).isEmpty();
		this.worker.checkDeadline(T0.plusSeconds(61), SETTINGS, false, false, (what) -> {
			lost.add(what);
			assertThat(this.process.kills()).as("told before the kill").isZero();
		});
		assertThat(lost).containsExactly("Worker 1 (pid 1001) was killed because it missed its boot timeout of 60.0 s");
		assertThat(this.worker.fault).isEqualTo("it missed its boot timeout of 60.0 s");
		assertThat(this.process.kills()).isOne();
	}

	@Test
	void aReadyWorkerWithoutHeartbeatIsHungAndKilledOnlyOnceReplacedAfterItsThreadDump() {
		List<String> lost = new ArrayList<>();
		this.worker.ready(T0);
		this.worker.checkDeadline(T0.plusSeconds(11), SETTINGS, true, false, lost::add);
		assertThat(lost).containsExactly("Worker 1 (pid 1001) is hung: it sent no heartbeat for 10.0 s");
		assertThat(this.worker.hungSince).isEqualTo(T0.plusSeconds(11));
		assertThat(this.process.threadDumps()).isOne();
		assertThat(this.process.kills()).isZero();
		this.worker.checkDeadline(T0.plusSeconds(11).plusMillis(500), SETTINGS, true, false, lost::add);
		assertThat(this.process.kills()).as("its thread dump is being written").isZero();
		this.worker.checkDeadline(T0.plusSeconds(13), SETTINGS, false, false, lost::add);
		assertThat(this.process.kills()).as("not replaced yet").isZero();
		this.worker.checkDeadline(T0.plusSeconds(14), SETTINGS, true, false, lost::add);
		assertThat(this.process.kills()).isOne();
		assertThat(lost).hasSize(1);
	}

	@Test
	void aReadySparePastItsDeadlineIsKilledAtOnceNotHeldAsHung() {
		this.worker.becomeSpare();
		this.worker.ready(T0);
		this.worker.checkDeadline(T0.plusSeconds(11), SETTINGS, false, false, (what) -> {
		});
		assertThat(this.worker.hungSince).isNull();
		assertThat(this.process.threadDumps()).isZero();
		assertThat(this.process.kills()).isOne();
	}

	@Test
	void aStoppingWorkerGetsItsNextSignalFromTheCheck() {
		this.worker.connected(new FakeLink(), T0);
		this.worker.stop(T0, "quit");
		assertThat(this.process.terminations()).isZero();
		this.worker.checkDeadline(T0.plus(SHUTDOWN_TIMEOUT).plusSeconds(1), SETTINGS, false, false, (what) -> {
			throw new AssertionError(what);
		});
		assertThat(this.process.terminations()).isOne();
	}

	@Test
	void readySaysHowLongItTookOnceAndASpareSaysItWaits(CapturedOutput output) {
		assertThat(this.worker.ready(T0.plusMillis(2500))).isTrue();
		assertThat(this.worker.ready(T0.plusSeconds(3))).as("once").isFalse();
		WorkerHandle spare = new WorkerHandle(2, 1, null, new FakeProcess(1002), T0, 0);
		spare.becomeSpare();
		spare.ready(T0.plusSeconds(4));
		assertThat(output.getAll().lines().filter((line) -> line.contains(" is ready after "))).hasSize(2);
		assertThat(output).contains("Worker 1 (pid 1001) is ready after 2.5 s (generation 1)" + System.lineSeparator())
			.contains("Spare worker 2 (pid 1002) is ready after 4.0 s (generation 1); it waits, not accepting, "
					+ "until it is promoted");
	}

	@Test
	void connectingCountsAsAHeartbeat() {
		this.worker.connected(new FakeLink(), T0.plusSeconds(7));
		assertThat(this.worker.lastHeartbeat).isEqualTo(T0.plusSeconds(7));
	}

	@Test
	void stopAsksOverTheLinkAndSendsNoSignal() {
		FakeLink link = new FakeLink();
		this.worker.connected(link, T0);
		this.worker.stop(T0, "resize to 0");
		assertThat(this.worker.state).isEqualTo(WorkerState.STOPPING);
		assertThat(this.worker.stopReason).isEqualTo("resize to 0");
		assertThat(link.shutdownRequests()).isEqualTo(1);
		assertThat(this.process.terminations()).isZero();
		assertThat(this.worker.deadline(SETTINGS)).isEqualTo(T0.plus(SHUTDOWN_TIMEOUT));
	}

	@Test
	void stopSendsSigtermAtOnceToAWorkerWithoutALink() {
		this.worker.stop(T0, "quit");
		assertThat(this.process.terminations()).isEqualTo(1);
		assertThat(this.worker.deadline(SETTINGS))
			.isEqualTo(T0.plus(SHUTDOWN_TIMEOUT).plus(Supervisor.KILL_AFTER_TERMINATE));
	}

	@Test
	void stopSendsSigtermWhenTheLinkCannotSend() {
		FakeLink broken = new FakeLink(false);
		this.worker.connected(broken, T0);
		this.worker.stop(T0, "quit");
		assertThat(broken.shutdownRequests()).isEqualTo(1);
		assertThat(this.process.terminations()).isEqualTo(1);
	}

	@Test
	void escalateSendsSigtermAfterTheShutdownTimeoutAndSigkillTenSecondsLater() {
		this.worker.connected(new FakeLink(), T0);
		this.worker.stop(T0, "quit");
		this.worker.escalate(T0.plus(SHUTDOWN_TIMEOUT), SETTINGS);
		assertThat(this.process.terminations()).isZero();
		this.worker.escalate(T0.plus(SHUTDOWN_TIMEOUT).plusMillis(1), SETTINGS);
		assertThat(this.process.terminations()).isEqualTo(1);
		assertThat(this.process.kills()).isZero();
		this.worker.escalate(T0.plus(SHUTDOWN_TIMEOUT).plusSeconds(10), SETTINGS);
		assertThat(this.process.kills()).isZero();
		this.worker.escalate(T0.plus(SHUTDOWN_TIMEOUT).plusSeconds(10).plusMillis(1), SETTINGS);
		assertThat(this.process.kills()).isEqualTo(1);
		assertThat(this.worker.deadline(SETTINGS)).isEqualTo(Instant.MAX);
		this.worker.escalate(T0.plusSeconds(3600), SETTINGS);
		assertThat(this.process.terminations()).isEqualTo(1);
		assertThat(this.process.kills()).isEqualTo(1);
	}

	@Test
	void escalateSendsOneSignalAtATimeEvenWhenBothDeadlinesHavePassed() {
		this.worker.connected(new FakeLink(), T0);
		this.worker.stop(T0, "quit");
		this.worker.escalate(T0.plusSeconds(3600), SETTINGS);
		assertThat(this.process.terminations()).isEqualTo(1);
		assertThat(this.process.kills()).isZero();
		this.worker.escalate(T0.plusSeconds(3600), SETTINGS);
		assertThat(this.process.kills()).isEqualTo(1);
	}

	@Test
	void escalateLeavesALiveWorkerAlone() {
		this.worker.escalate(T0.plusSeconds(3600), SETTINGS);
		assertThat(this.worker.state).isEqualTo(WorkerState.STARTING);
		assertThat(this.process.terminations() + this.process.kills()).isZero();
	}

	@Test
	void killIsSentOnceAndNothingFollowsIt() {
		this.worker.kill("hard quit");
		this.worker.kill("hard quit");
		assertThat(this.worker.state).isEqualTo(WorkerState.STOPPING);
		assertThat(this.worker.stopReason).isEqualTo("hard quit");
		assertThat(this.process.kills()).isEqualTo(1);
		assertThat(this.worker.deadline(SETTINGS)).isEqualTo(Instant.MAX);
		this.worker.escalate(T0.plusSeconds(3600), SETTINGS);
		assertThat(this.process.terminations()).isZero();
		assertThat(this.process.kills()).isEqualTo(1);
	}

	@Test
	void stopLeavesAWorkerThatIsAlreadyStoppingAlone() {
		this.worker.kill("hard quit");
		FakeLink link = new FakeLink();
		this.worker.connected(link, T0);
		this.worker.stop(T0, "quit");
		assertThat(this.worker.stopReason).isEqualTo("hard quit");
		assertThat(link.shutdownRequests()).isZero();
		assertThat(this.process.terminations()).isZero();
	}

	@Test
	void aWorkerAskedToStopIsAskedAgainOverTheLinkItReconnectsWith() {
		this.worker.connected(new FakeLink(), T0);
		this.worker.stop(T0, "quit");
		this.worker.link = null;
		FakeLink reconnected = new FakeLink();
		this.worker.connected(reconnected, T0.plusSeconds(1));
		assertThat(reconnected.shutdownRequests()).isEqualTo(1);
	}

	@Test
	void aWorkerThatGotSigtermIsNotAskedOverItsNewLink() {
		this.worker.stop(T0, "quit");
		FakeLink reconnected = new FakeLink();
		this.worker.connected(reconnected, T0.plusSeconds(1));
		assertThat(reconnected.shutdownRequests()).isZero();
	}

	@Test
	void aWorkerThatIsNotStoppingIsNotAskedWhenItConnects() {
		FakeLink link = new FakeLink();
		this.worker.connected(link, T0);
		assertThat(link.shutdownRequests()).isZero();
	}

}
