package io.github.clustermaster.master.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.clustermaster.master.ClusterMasterProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PortSharing}, {@link WorkerServer} and the choices {@link MasterPort}
 * makes with them.
 */
class PortSharingTests {

	@TempDir
	Path temp;

	@Test
	void thePropertyBindsItsDashedValues() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesConfiguration.class)
			.withPropertyValues("cluster.master.port-sharing=reuse-port")
			.run((context) -> assertThat(context.getBean(ClusterMasterProperties.class).getPortSharing())
				.isEqualTo(PortSharing.REUSE_PORT));
	}

	@Test
	void anUnknownValueFailsTheStartNamingTheProperty() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesConfiguration.class)
			.withPropertyValues("cluster.master.port-sharing=sideways")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sideways"));
	}

	@Test
	void autoInheritsWhereTheServerCanAndReusesThePortOnReactorNettyWithoutEpoll() throws IOException {
		assertThat(sharing(WorkerServer.TOMCAT, "auto")).isEqualTo(PortSharing.INHERIT);
		assertThat(sharing(WorkerServer.JETTY, "auto")).isEqualTo(PortSharing.INHERIT);
		assertThat(sharing(WorkerServer.REACTOR_NETTY, "auto")).isEqualTo(PortSharing.INHERIT);
		assertThat(sharing(WorkerServer.REACTOR_NETTY_WITHOUT_EPOLL, "auto")).isEqualTo(PortSharing.REUSE_PORT);
	}

	@Test
	void reusePortIsHonouredWhereTheServerHasItAndTomcatStaysOnTheInheritedSocket() throws IOException {
		assertThat(sharing(WorkerServer.JETTY, "reuse-port")).isEqualTo(PortSharing.REUSE_PORT);
		assertThat(sharing(WorkerServer.TOMCAT, "reuse-port")).isEqualTo(PortSharing.INHERIT);
		assertThat(sharing(WorkerServer.REACTOR_NETTY, "reuse-port")).isEqualTo(PortSharing.REUSE_PORT);
		assertThat(sharing(WorkerServer.REACTOR_NETTY_WITHOUT_EPOLL, "inherit")).isEqualTo(PortSharing.REUSE_PORT);
	}

	@Test
	void whereSocketsCannotBeHandedDownJettyFallsBackToReusePortAndTomcatToNoSharing() throws IOException {
		MockEnvironment environment = environment("auto");
		try (MasterPort jetty = MasterPort.bind(environment, PortSharing.AUTO, WorkerServer.JETTY, MasterPortSupport.cannotHandOff(),
				migrate("1"))) {
			assertThat(jetty.sharing()).isEqualTo(PortSharing.REUSE_PORT);
			assertThat(jetty.stdinRedirect()).isNull();
		}
		try (MasterPort tomcat = MasterPort.bind(environment, PortSharing.AUTO, WorkerServer.TOMCAT, MasterPortSupport.cannotHandOff(),
				migrate("1"))) {
			assertThat(tomcat.sharing()).isNull();
			assertThat(tomcat.toString()).contains("Tomcat cannot share");
		}
	}

	@Test
	void underReusePortTheMasterBindsNothing() throws IOException {
		try (MasterPort port = MasterPort.bind(environment("reuse-port"), PortSharing.REUSE_PORT, WorkerServer.JETTY,
				MasterPortSupport.cannotHandOff(), migrate("0"))) {
			assertThat(port.stdinRedirect()).isNull();
			assertThat(port.toString()).contains("SO_REUSEPORT");
		}
	}

	@Test
	void aMigrateSettingOfZeroOrNoneAtAllIsWarnedAboutWithWhatToSet() throws IOException {
		assertThat(TcpMigrateCheck.warning(migrate("0"))).contains("net.ipv4.tcp_migrate_req")
			.contains("sysctl -w net.ipv4.tcp_migrate_req=1");
		assertThat(TcpMigrateCheck.warning(migrate("1"))).isNull();
		assertThat(TcpMigrateCheck.warning(this.temp.resolve("absent"))).contains("Linux 5.14");
	}

	@Test
	void theWorkersServerIsGuessedFromTheirWebApplicationTypeAndTheClassPath() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(WorkerServer.detect("SERVLET", loader)).isEqualTo(WorkerServer.TOMCAT);
		assertThat(WorkerServer.detect("REACTIVE", loader)).isEqualTo(WorkerServer.REACTOR_NETTY);
		String nativeTransport = System.getProperty("reactor.netty.native");
		System.setProperty("reactor.netty.native", "false");
		try {
			assertThat(WorkerServer.detect("REACTIVE", loader)).isEqualTo(WorkerServer.REACTOR_NETTY_WITHOUT_EPOLL);
		}
		finally {
			if (nativeTransport != null) {
				System.setProperty("reactor.netty.native", nativeTransport);
			}
			else {
				System.clearProperty("reactor.netty.native");
			}
		}
		assertThat(WorkerServer.detect("NONE", loader)).isEqualTo(WorkerServer.NONE);
	}

	private static PortSharing sharing(String requested) {
		return PortSharing.valueOf(requested.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}

	private PortSharing sharing(WorkerServer server, String requested) throws IOException {
		try (MasterPort port = MasterPort.bind(environment(requested), sharing(requested), server, MasterPortSupport.handOff(),
				migrate("1"))) {
			return port.sharing();
		}
	}

	private static MockEnvironment environment(String requested) {
		return new MockEnvironment().withProperty("server.port", "0")
			.withProperty("server.address", "127.0.0.1")
			.withProperty("cluster.master.port-sharing", requested);
	}

	private Path migrate(String value) throws IOException {
		Path file = Files.createTempFile(this.temp, "tcp_migrate_req", "");
		Files.writeString(file, value + "\n");
		return file;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterMasterProperties.class)
	static class PropertiesConfiguration {

	}

}
