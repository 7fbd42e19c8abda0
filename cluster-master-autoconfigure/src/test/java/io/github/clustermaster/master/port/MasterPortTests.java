package io.github.clustermaster.master.port;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link MasterPort} and {@link SharedPortFailureAnalyzer}.
 */
class MasterPortTests {

	@Test
	void aServletWorkerGetsTheSharedPortOnTheConfiguredAddress() throws IOException {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "0")
			.withProperty("server.address", "127.0.0.1");
		try (MasterPort port = MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null)) {
			assertThat(port.stdinRedirect()).isNotNull();
			assertThat(port.toString()).startsWith("shared port 127.0.0.1:").doesNotEndWith(":0");
		}
	}

	@Test
	void aWorkerWithoutAWebServerGetsNoPort() throws IOException {
		try (MasterPort port = MasterPort.bind(new MockEnvironment(), PortSharing.AUTO, "NONE", null)) {
			assertThat(port.stdinRedirect()).isNull();
		}
	}

	@Test
	void aDisabledServerPortGetsNoPort() throws IOException {
		try (MasterPort port = MasterPort.bind(new MockEnvironment().withProperty("server.port", "-1"), PortSharing.AUTO, "SERVLET", null)) {
			assertThat(port.stdinRedirect()).isNull();
		}
	}

	@Test
	void aManagementServerOnAPortOfItsOwnFailsNamingThePropertyBecauseEveryWorkerWouldBindIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "0")
			.withProperty("management.server.port", "9091");
		InvalidConfigurationPropertyValueException failure = catchThrowableOfType(
				InvalidConfigurationPropertyValueException.class, () -> MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null));
		assertThat(failure.getName()).isEqualTo("management.server.port");
		assertThat(failure.getValue()).isEqualTo(9091);
		assertThat(failure.getReason()).contains("all but the first would fail")
			.contains("Leave management.server.port unset");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "0", "same" })
	void aManagementPortThatNoWorkerBindsTwiceIsAccepted(String managementPort) throws IOException {
		int free;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			free = probe.getLocalPort();
		}
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", Integer.toString(free))
			.withProperty("server.address", "127.0.0.1")
			.withProperty("management.server.port",
					managementPort.equals("same") ? Integer.toString(free) : managementPort);
		try (MasterPort port = MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null)) {
			assertThat(port.stdinRedirect()).isNotNull();
		}
	}

	@Test
	void aPortAbove65535FailsNamingTheProperty() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "70000");
		InvalidConfigurationPropertyValueException failure = catchThrowableOfType(
				InvalidConfigurationPropertyValueException.class, () -> MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null));
		assertThat(failure.getName()).isEqualTo("server.port");
		assertThat(failure.getValue()).isEqualTo(70000);
		assertThat(failure.getReason()).isEqualTo("must be a port from 0 to 65535 (0 picks a free one; -1 runs the "
				+ "workers without a web server)");
	}

	@Test
	void anAddressThatIsNotThisMachinesFailsWithAnAnalysisThatSaysToChangeTheAddress() {
		MockEnvironment environment = new MockEnvironment().withProperty("server.port", "0")
			.withProperty("server.address", "no-such-host.invalid");
		SharedPortException failure = catchThrowableOfType(SharedPortException.class,
				() -> MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null));
		FailureAnalysis analysis = new SharedPortFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).startsWith("The master could not bind server.port 0 on server.address "
				+ "no-such-host.invalid: ");
		assertThat(analysis.getAction()).isEqualTo("Set server.address to a name or an address of this machine, or "
				+ "leave it out to listen on every address.");
	}

	@Test
	void aPortInUseFailsWithAnAnalysisThatNamesItAndSaysWhatToDo() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int number = ((InetSocketAddress) taken.getLocalSocketAddress()).getPort();
			MockEnvironment environment = new MockEnvironment().withProperty("server.port", Integer.toString(number))
				.withProperty("server.address", "127.0.0.1");
			SharedPortException failure = catchThrowableOfType(SharedPortException.class,
					() -> MasterPort.bind(environment, PortSharing.AUTO, "SERVLET", null));
			assertThat(failure.getMessage()).contains("server.port " + number).contains("server.address 127.0.0.1");
			FailureAnalysis analysis = new SharedPortFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains("could not bind server.port " + number);
			assertThat(analysis.getAction()).contains("port " + number).contains("server.port");
		}
	}

}
