package io.github.clustermaster.master;

import java.time.Duration;
import java.util.List;

import io.github.clustermaster.master.port.PortSharing;
import io.github.clustermaster.master.port.WorkerServer;
import io.github.clustermaster.warmup.ClusterWarmupProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link Warmups}: only Tomcat serving a servlet application warms up before
 * traffic; on another server, or with a time limit past the boot timeout, the master
 * fails its start naming the property.
 *
 * @author cluster-master
 */
class WarmupsTests {

	private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	@Test
	void tomcatServingAServletApplicationWarmsUp() {
		assertThatNoException()
			.isThrownBy(
					() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO));
	}

	@Test
	void reactorNettyOnEpollServingAWebFluxApplicationOnTheInheritedSocketWarmsUp() {
		assertThatNoException().isThrownBy(
				() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "REACTIVE", WorkerServer.REACTOR_NETTY,
						PortSharing.AUTO));
		assertThatNoException().isThrownBy(() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "REACTIVE",
				WorkerServer.REACTOR_NETTY, PortSharing.INHERIT));
	}

	@Test
	void reactorNettyBindingItsOwnPortWithReusePortIsRefused() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "REACTIVE", WorkerServer.REACTOR_NETTY,
					PortSharing.REUSE_PORT))
			.withMessageContaining("the workers run Reactor Netty (reactive) binding with SO_REUSEPORT");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "REACTIVE",
					WorkerServer.REACTOR_NETTY_WITHOUT_EPOLL, PortSharing.AUTO))
			.withMessageContaining("the workers run Reactor Netty without epoll (reactive)");
	}

	@Test
	void noPathsPassOnEveryServer() {
		for (WorkerServer server : WorkerServer.values()) {
			assertThatNoException()
				.isThrownBy(() -> Warmups.check(new ClusterWarmupProperties(), 0, BOOT_TIMEOUT, "REACTIVE", server,
						PortSharing.AUTO));
		}
	}

	@Test
	void jettyTomcatUnderWebFluxAndNoWebServerAreRefusedNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "SERVLET", WorkerServer.JETTY, PortSharing.AUTO))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("cluster.master.warmup.paths"))
			.withMessageContaining("the workers run Jetty (servlet)")
			.withMessageContaining("Remove cluster.master.warmup.paths");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(
					() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "REACTIVE", WorkerServer.TOMCAT, PortSharing.AUTO))
			.withMessageContaining("the workers run Tomcat (reactive)");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup("/"), 0, BOOT_TIMEOUT, "NONE", WorkerServer.NONE, PortSharing.AUTO))
			.withMessageContaining("the workers run no web server");
	}

	@Test
	void aTimeLimitThatLeavesNoTimeToSayReadyIsRefused() {
		ClusterWarmupProperties warmup = warmup("/");
		warmup.setTimeout(BOOT_TIMEOUT);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup, 0, BOOT_TIMEOUT, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("cluster.master.warmup.timeout"))
			.withMessageContaining("below cluster.master.boot-timeout");
	}

	@Test
	void hotSparesWarmUpByDefaultSoTheirTimeLimitIsCheckedTooWithTheWayOut() {
		ClusterWarmupProperties warmup = new ClusterWarmupProperties();
		warmup.setTimeout(BOOT_TIMEOUT);
		assertThatNoException()
			.isThrownBy(() -> Warmups.check(warmup, 0, BOOT_TIMEOUT, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> Warmups.check(warmup, 1, BOOT_TIMEOUT, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("cluster.master.warmup.timeout"))
			.withMessageContaining("cluster.master.warmup.spares=false turns that off");
		warmup.setSpares(false);
		assertThatNoException()
			.isThrownBy(() -> Warmups.check(warmup, 1, BOOT_TIMEOUT, "SERVLET", WorkerServer.TOMCAT, PortSharing.AUTO));
	}

	@Test
	void aWarmUpForWorkersOnReusePortFailsTheMastersStartNamingTheProperty() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withUserConfiguration(HotSparesTests.PortConfiguration.class)
			.withPropertyValues("cluster.master.warmup.paths=/,/api", "cluster.master.port-sharing=reuse-port",
					MasterContextConfiguration.WORKER_WEB_APPLICATION_TYPE + "=REACTIVE")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property cluster.master.warmup.paths with value '/,/api' is invalid")
				.hasMessageContaining("the workers run Reactor Netty"));
	}

	private static ClusterWarmupProperties warmup(String... paths) {
		ClusterWarmupProperties properties = new ClusterWarmupProperties();
		properties.setPaths(List.of(paths));
		return properties;
	}

}
