package io.github.clustermaster.autoconfigure;

import java.net.InetSocketAddress;
import java.util.Map;

import io.github.clustermaster.worker.WorkerSession;
import io.github.clustermaster.worker.WorkerSessions;
import io.github.clustermaster.worker.WorkerWarmup;
import io.github.clustermaster.worker.WorkerWarmups;
import io.github.clustermaster.worker.tomcat.TomcatWarmupConnector;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterWarmupAutoConfiguration}.
 *
 * @author cluster-master
 */
class ClusterWarmupAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ClusterWarmupAutoConfiguration.class));

	@Test
	void aWorkerWithoutPathsDoesNotWarmUpAndIsNotHeld() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.run((context) -> {
				assertThat(context).hasSingleBean(WorkerWarmup.class).hasSingleBean(TomcatWarmupConnector.class);
				assertThat(context.getBean(WorkerWarmup.class).isEnabled()).isFalse();
				assertThat(context.getBean(WorkerSession.class).spare().isHeld()).isFalse();
			});
	}

	@Test
	void aWorkerWithPathsWarmsUpAndHoldsItsSharedSocketUntilThen() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.warmup.paths=/,/account")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.run((context) -> {
				assertThat(context.getBean(WorkerWarmup.class).isEnabled()).isTrue();
				assertThat(context.getBean(WorkerSession.class).spare().isHeld()).isTrue();
			});
	}

	@Test
	void aBadWarmUpPropertyFailsTheWorkersStartNamingIt() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.warmup.paths=orders")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cluster.master.warmup")
				.hasMessageContaining("must begin with a single '/'"));
	}

	@Test
	void aWorkerWithoutItsSessionHasNoWarmUp() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.warmup.paths=/")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WorkerWarmup.class));
	}

	@Test
	void aStandaloneApplicationIsLeftAlone() {
		this.runner.withPropertyValues("cluster.master.role=standalone", "cluster.master.warmup.paths=/")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerWarmup.class)
				.doesNotHaveBean(TomcatWarmupConnector.class));
	}

	@Test
	void aUsersOwnWarmUpBacksOff() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.withBean("custom", WorkerWarmup.class, () -> new WorkerWarmup(WorkerSessions.of(2, null), null))
			.run((context) -> assertThat(context).hasSingleBean(WorkerWarmup.class).hasBean("custom"));
	}

	@Test
	void aWorkerWithoutTomcatGetsNoPrivateConnector() {
		this.runner.withPropertyValues("cluster.master.role=worker")
			.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatWarmupConnector.class));
	}

	@Test
	void aReactiveWorkerGetsNoTomcatConnector() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterWarmupAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatWarmupConnector.class));
	}

	@Test
	void aServletRequestOnTheWarmupPortIsLeftOutOfTheObservationsAndOneOnTheSharedPortIsNot() {
		this.runner.withPropertyValues("cluster.master.role=worker", "cluster.master.warmup.paths=/")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.withBean(WorkerWarmup.class, () -> WorkerWarmups.ranOn(40001))
			.run((context) -> {
				ObservationPredicate observations = context.getBean(ObservationPredicate.class);
				assertThat(observations.test("http.server.requests", servletRequest(40001))).isFalse();
				assertThat(observations.test("http.server.requests", servletRequest(8080))).isTrue();
				assertThat(observations.test("tasks.scheduled.execution", new Observation.Context())).isTrue();
			});
	}

	@Test
	void aReactiveRequestOnTheWarmupPortIsLeftOutOfTheObservationsAndOneOnTheSharedPortIsNot() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterWarmupAutoConfiguration.class))
			.withPropertyValues("cluster.master.role=worker", "cluster.master.warmup.paths=/")
			.withBean(WorkerSession.class, () -> WorkerSessions.of(1, null))
			.withBean(WorkerWarmup.class, () -> WorkerWarmups.ranOn(40001))
			.run((context) -> {
				ObservationPredicate observations = context.getBean(ObservationPredicate.class);
				assertThat(observations.test("http.server.requests", reactiveRequest(40001))).isFalse();
				assertThat(observations.test("http.server.requests", reactiveRequest(8080))).isTrue();
				assertThat(observations.test("tasks.scheduled.execution", new Observation.Context())).isTrue();
			});
	}

	private static Observation.Context servletRequest(int localPort) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setLocalPort(localPort);
		return new org.springframework.http.server.observation.ServerRequestObservationContext(request,
				new MockHttpServletResponse());
	}

	private static Observation.Context reactiveRequest(int localPort) {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.localAddress(new InetSocketAddress("127.0.0.1", localPort))
			.build();
		return new org.springframework.http.server.reactive.observation.ServerRequestObservationContext(request,
				new MockServerHttpResponse(), Map.of());
	}

}
