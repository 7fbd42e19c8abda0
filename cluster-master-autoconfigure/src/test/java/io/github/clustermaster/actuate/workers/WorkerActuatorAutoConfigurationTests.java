package io.github.clustermaster.actuate.workers;

import java.io.IOException;

import io.github.clustermaster.actuate.ClusterEndpointAutoConfiguration;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.worker.WorkerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerActuatorAutoConfiguration}.
 */
class WorkerActuatorAutoConfigurationTests {

	private static final AutoConfigurations configurations = AutoConfigurations
		.of(ClusterEndpointAutoConfiguration.class, WorkerActuatorAutoConfiguration.class);

	private IpcServer server;

	private WorkerSession session;

	@BeforeEach
	void connect() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents());
		this.session = WorkerSession.connect(7, this.server.socket());
	}

	@AfterEach
	void close() throws IOException {
		this.session.close();
		this.server.close();
	}

	@Test
	void aServletWorkerNamesItselfOnTheActuatorAppliesPoolWritesEverywhereAndRelaysWithTheClusterEndpoint() {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.withBean(WorkerSession.class, () -> this.session)
			.withPropertyValues("cluster.master.role=worker", "management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context).hasSingleBean(PoolWrites.class)
				.hasSingleBean(PoolWriteAdvisor.class)
				.hasBean("clusterMasterWorkerHeaderFilter")
				.hasBean("clusterMasterWorkerRelayFilter")
				.hasBean("clusterMasterWorkerOperations"));
	}

	@Test
	void withoutTheClusterEndpointThereIsNoRelay() {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.withBean(WorkerSession.class, () -> this.session)
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasBean("clusterMasterWorkerHeaderFilter")
				.doesNotHaveBean("clusterMasterWorkerRelayFilter"));
	}

	@Test
	void aReactiveWorkerNamesItselfWithAWebFilter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.withBean(WorkerSession.class, () -> this.session)
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasSingleBean(WorkerHeaderWebFilter.class)
				.doesNotHaveBean("clusterMasterWorkerHeaderFilter"));
	}

	@Test
	void aStandaloneApplicationOrOneWithoutActuatorGetsNothing() {
		new WebApplicationContextRunner().withConfiguration(configurations)
			.withBean(WorkerSession.class, () -> this.session)
			.withPropertyValues("cluster.master.role=standalone")
			.run((context) -> assertThat(context).doesNotHaveBean(PoolWrites.class)
				.doesNotHaveBean("clusterMasterWorkerHeaderFilter"));
		new WebApplicationContextRunner().withConfiguration(configurations)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withBean(WorkerSession.class, () -> this.session)
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).doesNotHaveBean(PoolWrites.class));
	}

	@Test
	void aWorkerWithoutASessionGetsNothing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WorkerActuatorAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).doesNotHaveBean(PoolWrites.class));
	}


}
