package io.github.clustermaster.actuate;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterEndpointAutoConfiguration}.
 */
class ClusterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterEndpointAutoConfiguration.class))
		.withBean(ClusterClient.class, FakeClusterClient::new);

	private final ApplicationContextRunner worker = this.runner.withPropertyValues("cluster.master.role=worker");

	@Test
	void anExposedEndpointIsAvailableInAWorkerWithTheHealthContributorAndTheMeters() {
		this.worker.withPropertyValues("management.endpoints.web.exposure.include=health,cluster")
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpoint.class)
				.hasSingleBean(ClusterHealthIndicator.class)
				.hasBean("clusterHealthIndicator")
				.hasSingleBean(ClusterMetrics.class));
	}

	@Test
	void aServletWorkerWithTheEndpointAnswersTheRequestsSpringMvcRefusesAsTheEndpointDoes() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterEndpointAutoConfiguration.class))
			.withBean(ClusterClient.class, FakeClusterClient::new)
			.withPropertyValues("cluster.master.role=worker", "management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpointRequestErrors.class));
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterEndpointAutoConfiguration.class))
			.withBean(ClusterClient.class, FakeClusterClient::new)
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpointRequestErrors.class));
		this.worker.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpointRequestErrors.class));
	}

	@Test
	void theEndpointIsNotCreatedUnlessExposed() {
		this.worker.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class)
			.hasSingleBean(ClusterHealthIndicator.class));
	}

	@Test
	void theEndpointIsNotCreatedWhenItsAccessIsNone() {
		this.worker
			.withPropertyValues("management.endpoints.web.exposure.include=cluster",
					"management.endpoint.cluster.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void theHealthContributorCanBeSwitchedOff() {
		this.worker.withPropertyValues("management.health.cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void aStandaloneApplicationGetsNothing() {
		this.runner
			.withPropertyValues("cluster.master.role=standalone", "management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class)
				.doesNotHaveBean(ClusterMetrics.class));
	}

	@Test
	void aWorkerWithoutActuatorGetsNothing() {
		this.worker.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void aWorkerWithoutHealthOrMicrometerGetsTheEndpointOnly() {
		this.worker.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class)
				.doesNotHaveBean(ClusterMetrics.class));
	}

	@Test
	void theUsersOwnBeansBackOff() {
		ClusterEndpoint endpoint = new ClusterEndpoint(new FakeClusterClient());
		this.worker.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.withBean("myEndpoint", ClusterEndpoint.class, () -> endpoint)
			.withBean("clusterHealthIndicator", HealthIndicator.class, () -> () -> null)
			.run((context) -> assertThat(context).getBean(ClusterEndpoint.class).isSameAs(endpoint))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void aWorkerContextWithoutALinkToAMasterGetsNothingAndStarts() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterEndpointAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker", "management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClusterClient.class)
				.doesNotHaveBean(ClusterEndpoint.class)
				.doesNotHaveBean(ClusterHealthIndicator.class)
				.doesNotHaveBean(ClusterMetrics.class));
	}

}
