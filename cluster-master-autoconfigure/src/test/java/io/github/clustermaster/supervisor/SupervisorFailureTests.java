package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.release.ReleaseSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures injected into a {@link Supervisor} on its own thread: what can be contained is
 * logged with the event that caused it and the loop runs on; what cannot ends the pool, its
 * workers killed, with exit code {@value Supervisor#EXIT_FAILED}. Never a live master that no
 * longer supervises.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupervisorFailureTests {

	private static final SupervisorSettings SETTINGS = SupervisorSettings.defaults()
		.withSize(2)
		.withBootTimeout(Duration.ofMinutes(5))
		.withShutdownTimeout(Duration.ofSeconds(30))
		.withHeartbeatTimeout(Duration.ofMinutes(5))
		.withIntensity(new RestartIntensity(5, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(4)));

	private final FakeLauncher launcher = new FakeLauncher();

	private Supervisor supervisor;

	@AfterEach
	void close() throws Exception {
		// The fake workers end when killed, so that close() never falls back to killing
		// their (made up) pids.
		this.supervisor.quitHard();
		this.launcher.launches().forEach((launch) -> this.launcher.process(launch.id()).exit(137));
		this.supervisor.terminated().get(10, TimeUnit.SECONDS);
		this.supervisor.close();
	}

	@Test
	void anEventThatThrowsIsLoggedWithTheEventAndTheLoopRunsOn(CapturedOutput output) throws Exception {
		this.supervisor = new Supervisor(SETTINGS, this.launcher, Map.of(), ReleaseSource.NONE, null);
		this.supervisor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.launches().size() == 2);
		// A stranger's link, whose shutdown request fails while the event is handled.
		this.supervisor.connected(99, 4242, () -> {
			throw new IllegalStateException("injected");
		});
		this.supervisor.connected(1, this.launcher.process(1).pid(), () -> true);
		this.supervisor.ready(1);
		// Handled after the failure: the loop runs on.
		assertThat(this.supervisor.freshStatus().get(10, TimeUnit.SECONDS).count(WorkerState.READY)).isEqualTo(1);
		assertThat(output).contains("The supervisor failed to handle the worker 99 connected; carrying on")
			.contains("java.lang.IllegalStateException: injected");
		assertThat(this.supervisor.terminated()).isNotDone();
	}

	@Test
	void anErrorOnTheSupervisorThreadKillsEveryWorkerAndEndsThePoolWithCode70(CapturedOutput output)
			throws Exception {
		WorkerLauncher breaking = (id, generation, env) -> {
			if (id == 3) {
				// What a master whose jar changed under it saw.
				throw new NoClassDefFoundError("tools/jackson/databind/cfg/GeneratorSettings");
			}
			return this.launcher.launch(id, generation, env);
		};
		this.supervisor = new Supervisor(SETTINGS, breaking, Map.of(), ReleaseSource.NONE, null);
		this.supervisor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.launcher.launches().size() == 2);
		this.supervisor.resize(3);
		assertThat(this.supervisor.terminated().get(10, TimeUnit.SECONDS)).isEqualTo(Supervisor.EXIT_FAILED);
		assertThat(this.launcher.process(1).kills()).isEqualTo(1);
		assertThat(this.launcher.process(2).kills()).isEqualTo(1);
		assertThat(output).contains("The supervisor failed: killing every worker; the master exits with code 70")
			.contains("NoClassDefFoundError: tools/jackson/databind/cfg/GeneratorSettings");
		// Commands after the end are refused, not left hanging.
		assertThat(this.supervisor.resize(1)).failsWithin(Duration.ofSeconds(5));
	}

}
