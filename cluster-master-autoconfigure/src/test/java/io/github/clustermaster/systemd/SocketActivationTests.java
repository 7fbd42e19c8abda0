package io.github.clustermaster.systemd;

import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketActivation}.
 */
class SocketActivationTests {

	@Test
	void aSocketPassedToThisProcessIsDescriptorThree() {
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42"), 42))
			.isEqualTo(OptionalInt.of(3));
	}

	@Test
	void socketsMeantForAnotherProcessAreNotOurs() {
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "41"), 42)).isEmpty();
	}

	@Test
	void withoutBothVariablesNothingWasPassed() {
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "1"), 42)).isEmpty();
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_PID", "42"), 42)).isEmpty();
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "0", "LISTEN_PID", "42"), 42)).isEmpty();
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "x", "LISTEN_PID", "42"), 42)).isEmpty();
	}

	@Test
	void ofSeveralSocketsTheFirstIsShared() {
		assertThat(SocketActivation.listeningFd(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42", "LISTEN_FDNAMES",
				"http:admin"), 42))
			.isEqualTo(OptionalInt.of(3));
	}

}
