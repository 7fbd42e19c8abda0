package io.github.clustermaster.master;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReplAddress}.
 */
class ReplAddressTests {

	@Test
	void byDefaultTheReplListensOnASocketInTheWorkingDirectory() {
		assertThat(ReplAddress.of(new MockEnvironment()).path()).isEqualTo(Path.of("cluster-master-socket"));
	}

	@Test
	void theEnvironmentVariableClusterMasterReplSetsIt() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map.of("CLUSTER_MASTER_REPL", "/run/cm.sock")));
		assertThat(ReplAddress.of(environment).path()).isEqualTo(Path.of("/run/cm.sock"));
	}

	@Test
	void thePropertySetsIt() {
		assertThat(ReplAddress.of(new MockEnvironment().withProperty("cluster.master.repl", "3001")))
			.hasToString("tcp:127.0.0.1:3001");
	}

	@Test
	void theSeedsFourFormsAreRead() {
		assertThat(ReplAddress.parse("false").isOff()).isTrue();
		assertThat(ReplAddress.parse(" ").isOff()).isTrue();
		assertThat(ReplAddress.parse("/tmp/cm.sock")).hasToString("unix:/tmp/cm.sock");
		assertThat(ReplAddress.parse("3001")).hasToString("tcp:127.0.0.1:3001");
		assertThat(ReplAddress.parse("0.0.0.0:3002")).hasToString("tcp:0.0.0.0:3002");
		assertThat(ReplAddress.parse("[::1]:3003")).hasToString("tcp:::1:3003");
	}

	@Test
	void badPortsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse("0"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse("65536"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse(":3001"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse("localhost:"));
	}

	@Test
	void offPathsAndAddressesAreToldApart() {
		assertThat(ReplAddress.parse(null).isOff()).isTrue();
		assertThat(ReplAddress.parse(" OFF ").isOff()).isTrue();
		assertThat(ReplAddress.parse("/tmp/a:1").path()).isEqualTo(Path.of("/tmp/a:1"));
		assertThat(ReplAddress.parse("3001").tcp().getHostString()).isEqualTo("127.0.0.1");
		assertThat(ReplAddress.parse("[::1]:3003").tcp().getHostString()).isEqualTo("::1");
	}

}
