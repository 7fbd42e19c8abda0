package io.github.clustermaster.supervisor;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SupervisorSettings}: the defaults, and each {@code with…} changing its
 * own component only.
 *
 * @author cluster-master
 */
class SupervisorSettingsTests {

	private static final SupervisorSettings DEFAULTS = SupervisorSettings.defaults();

	@Test
	void theDefaultsAreThoseOfTheProperties() {
		assertThat(DEFAULTS.size()).isOne();
		assertThat(DEFAULTS.minRestartAge()).isEqualTo(Duration.ofSeconds(2));
		assertThat(DEFAULTS.bootTimeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(DEFAULTS.shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
		assertThat(DEFAULTS.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(DEFAULTS.intensity()).isEqualTo(
				new RestartIntensity(5, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(30)));
		assertThat(DEFAULTS.maxSurge()).isEqualTo(MaxSurge.UNBOUNDED);
		assertThat(DEFAULTS.quitDelay()).isZero();
		assertThat(DEFAULTS.recycle()).isEqualTo(RecyclePolicy.NONE);
		assertThat(DEFAULTS.autoscale()).isEqualTo(AutoscalePolicy.OFF);
		assertThat(DEFAULTS.canary()).isEqualTo(CanaryPolicy.DEFAULTS);
	}

	@Test
	void eachWithChangesItsOwnComponentOnly() {
		RestartIntensity intensity = new RestartIntensity(2, Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofSeconds(4));
		MaxSurge surge = MaxSurge.parse("2");
		RecyclePolicy recycle = new RecyclePolicy(1000L, null, null);
		SupervisorSettings settings = DEFAULTS.withSize(4)
			.withMinRestartAge(Duration.ofSeconds(3))
			.withBootTimeout(Duration.ofSeconds(50))
			.withShutdownTimeout(Duration.ofSeconds(20))
			.withHeartbeatTimeout(Duration.ofSeconds(15))
			.withIntensity(intensity)
			.withMaxSurge(surge)
			.withQuitDelay(Duration.ofSeconds(5))
			.withRecycle(recycle)
			.withCanary(CanaryPolicy.OFF)
			.withAutoscale(AutoscalePolicy.OFF);
		assertThat(settings).isEqualTo(new SupervisorSettings(4, Duration.ofSeconds(3), Duration.ofSeconds(50),
				Duration.ofSeconds(20), Duration.ofSeconds(15), intensity, surge, Duration.ofSeconds(5), recycle,
				AutoscalePolicy.OFF, CanaryPolicy.OFF));
		assertThat(DEFAULTS.withSize(4)).isEqualTo(new SupervisorSettings(4, DEFAULTS.minRestartAge(),
				DEFAULTS.bootTimeout(), DEFAULTS.shutdownTimeout(), DEFAULTS.heartbeatTimeout(),
				DEFAULTS.intensity(), DEFAULTS.maxSurge(), DEFAULTS.quitDelay(), DEFAULTS.recycle(),
				DEFAULTS.autoscale(), DEFAULTS.canary()));
	}

}
