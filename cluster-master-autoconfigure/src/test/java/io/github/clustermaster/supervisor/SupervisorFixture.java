package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

import io.github.clustermaster.release.ReleaseSource;

/**
 * The settings the supervisor's tests share: a probation of 2 s, a boot timeout of 60 s,
 * a shutdown timeout of 30 s, a heartbeat timeout of an hour (no test is hung unless it
 * says so) and room for 10 crashes a minute, backing off from 1 s to 4 s. A test changes
 * what it is about with the settings' {@code with…} methods.
 *
 * @author cluster-master
 */
final class SupervisorFixture {

	static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	static final Duration HEARTBEAT_TIMEOUT = Duration.ofHours(1);

	static final RestartIntensity INTENSITY = new RestartIntensity(10, Duration.ofSeconds(60), Duration.ofSeconds(1),
			Duration.ofSeconds(4));

	private SupervisorFixture() {
	}

	/**
	 * The shared settings for a pool of {@code size}.
	 * @param size the number of workers
	 * @return the settings
	 */
	static SupervisorSettings settings(int size) {
		return SupervisorSettings.defaults()
			.withSize(size)
			.withMinRestartAge(MIN_RESTART_AGE)
			.withBootTimeout(BOOT_TIMEOUT)
			.withShutdownTimeout(SHUTDOWN_TIMEOUT)
			.withHeartbeatTimeout(HEARTBEAT_TIMEOUT)
			.withIntensity(INTENSITY);
	}

	/**
	 * A supervisor of workers without releases, on a clock of the test's.
	 */
	static Supervisor supervisor(SupervisorSettings settings, WorkerLauncher launcher, Map<String, String> env,
			InstantSource clock) {
		return new Supervisor(settings, launcher, env, ReleaseSource.NONE, null, clock);
	}

}
