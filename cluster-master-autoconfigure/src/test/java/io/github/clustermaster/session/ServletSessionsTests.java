package io.github.clustermaster.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServletSessions}: the timeout of a new session as a container takes it.
 */
class ServletSessionsTests {

	@Test
	void theTimeoutIsTheContainersWhenNoneIsGivenSecondsElseAndMinusOneForNone() {
		assertThat(sessions(null).timeoutSeconds()).isNull();
		assertThat(sessions(Duration.ofMinutes(5)).timeoutSeconds()).isEqualTo(300);
		assertThat(sessions(Duration.ofSeconds(-5)).timeoutSeconds()).isEqualTo(-1);
		assertThat(sessions(Duration.ofDays(100_000)).timeoutSeconds()).isEqualTo(Integer.MAX_VALUE);
	}

	private static ServletSessions sessions(@Nullable Duration timeout) {
		return new ServletSessions(new InProcessStore().client(), new SessionAttributes(null), timeout);
	}

}
