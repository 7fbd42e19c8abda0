package io.github.clustermaster.master;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReplAddress}.
 */
class ReplAddressTests {

	@Test
	void falseEmptyAndNullTurnTheReplOff() {
		assertThat(ReplAddress.parse("false").isOff()).isTrue();
		assertThat(ReplAddress.parse("").isOff()).isTrue();
		assertThat(ReplAddress.parse(null).isOff()).isTrue();
		assertThat(ReplAddress.parse(" OFF ").isOff()).isTrue();
	}

	@Test
	void aPathIsAUnixSocket() {
		assertThat(ReplAddress.parse("cluster-master-socket").path()).isEqualTo(Path.of("cluster-master-socket"));
		assertThat(ReplAddress.parse("/tmp/a:1").path()).isEqualTo(Path.of("/tmp/a:1"));
	}

	@Test
	void aBarePortBindsToLoopback() {
		ReplAddress address = ReplAddress.parse("3001");
		assertThat(address.tcp().getHostString()).isEqualTo("127.0.0.1");
		assertThat(address.tcp().getPort()).isEqualTo(3001);
	}

	@Test
	void addressAndPortBindToThatAddress() {
		assertThat(ReplAddress.parse("0.0.0.0:3002").toString()).isEqualTo("tcp:0.0.0.0:3002");
		assertThat(ReplAddress.parse("[::1]:3003").tcp().getHostString()).isEqualTo("::1");
	}

	@Test
	void badPortsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse("0"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse("65536"));
		assertThatIllegalArgumentException().isThrownBy(() -> ReplAddress.parse(":3001"));
	}

}
