package io.github.clustermaster.master;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * {@link MasterSignals} on this JVM's real signals.
 */
@ExtendWith(OutputCaptureExtension.class)
class MasterSignalsTests {

	private final WorkerPoolManager pool = mock(WorkerPoolManager.class);

	private final MasterSignals signals = new MasterSignals(new ClusterCommandExecutor(this.pool, 1),
			new MasterEvents());

	@Test
	void aSignalRunsItsCommand() throws InterruptedException {
		CountDownLatch ran = new CountDownLatch(1);
		assertThat(this.signals.handle("TTIN", () -> {
			ran.countDown();
			throw new IllegalArgumentException("no command in this test");
		})).isTrue();
		Signal.raise(new Signal("TTIN"));
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aSignalWhoseCommandIsInvalidSaysSoAndChangesNothing(CapturedOutput output) {
		assertThat(this.signals.handle("TTOU", () -> new ClusterCommand.Resize(-1))).isTrue();
		Signal.raise(new Signal("TTOU"));
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains("SIGTTOU: size must be a whole number from 0 to 1024, was -1"));
		org.mockito.Mockito.verifyNoInteractions(this.pool);
	}

	@Test
	void anIgnoredSighupIsReportedWithWhatToUseInstead(CapturedOutput output) {
		// As under nohup; the JVM then never lets SIGHUP be handled (this test JVM's workers
		// ignore it anyway, see WorkerSession)
		Signal.handle(new Signal("HUP"), SignalHandler.SIG_IGN);
		assertThat(this.signals.handle("HUP", () -> new ClusterCommand.Restart(null))).isFalse();
		assertThat(output).contains("SIGHUP was ignored when this JVM started")
			.contains("kill -HUP does nothing here. Use the REPL's 'restart' or POST /actuator/cluster/restart instead");
	}

	@Test
	void anIgnoredSigintNamesTheReplsStopTheEndpointsQuitAndSigterm(CapturedOutput output) {
		// As for a master started with & by a script (this test JVM may ignore it already,
		// see ChildCluster)
		Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
		assertThat(this.signals.handle("INT", () -> new ClusterCommand.Quit(false))).isFalse();
		assertThat(output).contains("kill -INT does nothing here. Use the REPL's 'stop', POST /actuator/cluster/quit or "
				+ "kill -TERM " + ProcessHandle.current().pid() + " instead");
	}

	@Test
	void aQuitIsNamedStopForTheReplWhoseQuitOnlyClosesTheSession() {
		assertThat(MasterSignals.instead("TERM")).isEqualTo("the REPL's 'stop' or POST /actuator/cluster/quit");
		assertThat(MasterSignals.instead("TTOU"))
			.isEqualTo("the REPL's 'resize <n>' or POST /actuator/cluster/resize {\"size\": n}");
	}

}
