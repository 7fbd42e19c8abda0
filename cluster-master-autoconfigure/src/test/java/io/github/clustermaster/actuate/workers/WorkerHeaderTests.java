package io.github.clustermaster.actuate.workers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerHeader}.
 */
class WorkerHeaderTests {

	@Test
	void theActuatorsPathsCarryItAndTheApplicationsDoNot() {
		WorkerHeader header = new WorkerHeader(3, () -> "/actuator", false);
		assertThat(header.id()).isEqualTo("3");
		assertThat(header.appliesTo("/actuator")).isTrue();
		assertThat(header.appliesTo("/actuator/health")).isTrue();
		assertThat(header.appliesTo("/actuatorx")).isFalse();
		assertThat(header.appliesTo("/")).isFalse();
	}

	@Test
	void everywhereMeansEveryPathAndWithoutWebEndpointsNone() {
		assertThat(new WorkerHeader(3, () -> "/actuator", true).appliesTo("/account")).isTrue();
		assertThat(new WorkerHeader(3, () -> null, false).appliesTo("/actuator/health")).isFalse();
		assertThat(new WorkerHeader(3, () -> "", false).appliesTo("/anything")).isTrue();
	}

}
