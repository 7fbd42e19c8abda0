package io.github.clustermaster.master;

import io.github.clustermaster.master.port.MasterPort;
import io.github.clustermaster.master.port.PortSharing;
import io.github.clustermaster.master.port.WorkerServer;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link HotSpares}: Tomcat serving a servlet application and Reactor Netty on
 * epoll serving a WebFlux application hold a hot spare back on the inherited socket, and
 * {@code cluster.master.spares} on another server fails the master's start with a failure
 * analysis naming the property.
 */
class HotSparesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PortConfiguration.class);

	@Test
	void tomcatServingAServletApplicationHoldsSpares() {
		assertThatNoException()
			.isThrownBy(() -> HotSpares.check(2, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO));
	}

	@Test
	void reactorNettyOnEpollServingAWebFluxApplicationOnTheInheritedSocketHoldsSpares() {
		assertThatNoException()
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.REACTOR_NETTY, PortSharing.AUTO));
		assertThatNoException()
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.REACTOR_NETTY, PortSharing.INHERIT));
	}

	@Test
	void noSparesPassOnEveryServer() {
		for (WorkerServer server : WorkerServer.values()) {
			assertThatNoException().isThrownBy(() -> HotSpares.check(0, "REACTIVE", server, PortSharing.REUSE_PORT));
		}
	}

	@Test
	void jettyTomcatUnderWebFluxAndNoWebServerCannotHoldASpare() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "SERVLET", WorkerServer.JETTY, PortSharing.AUTO))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("cluster.master.spares"))
			.withMessageContaining("the workers run Jetty (servlet)")
			.withMessageContaining("Set cluster.master.spares=0");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.JETTY, PortSharing.AUTO))
			.withMessageContaining("the workers run Jetty (reactive)");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.TOMCAT, PortSharing.AUTO))
			.withMessageContaining("the workers run Tomcat (reactive)");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "NONE", WorkerServer.NONE, PortSharing.AUTO))
			.withMessageContaining("the workers run no web server");
	}

	@Test
	void reactorNettyBindingItsOwnPortWithReusePortCannotHoldASpare() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.REACTOR_NETTY, PortSharing.REUSE_PORT))
			.withMessageContaining("the workers run Reactor Netty (reactive) binding with SO_REUSEPORT");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> HotSpares.check(1, "REACTIVE", WorkerServer.REACTOR_NETTY_WITHOUT_EPOLL,
					PortSharing.AUTO))
			.withMessageContaining("the workers run Reactor Netty without epoll (reactive)");
	}

	@Test
	void sparesForWebFluxWorkersBindingWithReusePortFailTheMastersStartNamingTheProperty() {
		this.runner
			.withPropertyValues("cluster.master.spares=1", "cluster.master.port-sharing=reuse-port",
					MasterContextConfiguration.WORKER_WEB_APPLICATION_TYPE + "=REACTIVE")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(Objects.requireNonNull(context.getStartupFailure()));
				assertThat(analysis.getDescription())
					.contains("Invalid value '1' for configuration property 'cluster.master.spares'")
					.contains("Hot spares need Tomcat serving a servlet application, or Reactor Netty on epoll")
					.contains("the workers run Reactor Netty");
			});
	}

	@Test
	void sparesForWorkersWithoutAWebServerFailTheMastersStart() {
		this.runner.withPropertyValues("cluster.master.spares=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("the workers run no web server"));
	}

	@Test
	void noSparesLeaveTheStartAlone() {
		this.runner
			.withPropertyValues(MasterContextConfiguration.WORKER_WEB_APPLICATION_TYPE + "=REACTIVE", "server.port=-1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(HotSparesTests.class.getClassLoader())
			.load(FailureAnalyzer.class, (type, name, ex) -> {
				// analyzers that need the bean factory or environment are not needed here
			});
		FailureAnalysis analysis = analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		assertThat(analysis).as("a failure analysis").isNotNull();
		return Objects.requireNonNull(analysis);
	}

	/** The master's port bean, as the master declares it. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ ClusterMasterProperties.class,
			io.github.clustermaster.warmup.ClusterWarmupProperties.class })
	static class PortConfiguration {

		@Bean
		MasterPort clusterMasterPort(Environment environment, ClusterMasterProperties properties,
				io.github.clustermaster.warmup.ClusterWarmupProperties warmup) {
			return new MasterContextConfiguration().clusterMasterPort(environment, properties, warmup,
					new io.github.clustermaster.events.MasterEvents());
		}

	}

}
