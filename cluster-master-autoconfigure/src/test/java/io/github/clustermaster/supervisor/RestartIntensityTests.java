package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Deque;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RestartIntensity}.
 *
 * @author cluster-master
 */
class RestartIntensityTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private final RestartIntensity intensity = new RestartIntensity(2, Duration.ofSeconds(10), Duration.ofSeconds(1),
			Duration.ofSeconds(5));

	@Test
	void backoffStartsAtTheInitialDelayAndDoublesWithEachYoungDeath() {
		assertThat(this.intensity.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.intensity.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.intensity.backoff(3)).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void backoffIsCappedAtTheMaximum() {
		assertThat(this.intensity.backoff(4)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.intensity.backoff(5)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.intensity.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void backoffIsCappedEvenWhenTheInitialDelayIsLongerThanTheMaximum() {
		RestartIntensity intensity = new RestartIntensity(2, Duration.ofSeconds(10), Duration.ofSeconds(30),
				Duration.ofSeconds(5));
		assertThat(intensity.backoff(1)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void exceededByIsTrueOnlyOnceMoreThanMaxRestartsCrashesHappenWithinThePeriod() {
		Deque<Instant> crashes = RestartIntensity.newHistory();
		assertThat(this.intensity.exceededBy(crashes, T0)).isFalse();
		assertThat(this.intensity.exceededBy(crashes, T0.plusSeconds(1))).isFalse();
		assertThat(this.intensity.exceededBy(crashes, T0.plusSeconds(2))).isTrue();
		assertThat(crashes).hasSize(3);
	}

	@Test
	void exceededByForgetsCrashesOlderThanThePeriod() {
		Deque<Instant> crashes = RestartIntensity.newHistory();
		this.intensity.exceededBy(crashes, T0);
		this.intensity.exceededBy(crashes, T0.plusSeconds(5));
		assertThat(this.intensity.exceededBy(crashes, T0.plusSeconds(11))).isFalse();
		assertThat(crashes).containsExactly(T0.plusSeconds(5), T0.plusSeconds(11));
	}

	@Test
	void exceededByStillCountsACrashExactlyOnePeriodAgo() {
		Deque<Instant> crashes = RestartIntensity.newHistory();
		this.intensity.exceededBy(crashes, T0);
		this.intensity.exceededBy(crashes, T0.plusSeconds(5));
		assertThat(this.intensity.exceededBy(crashes, T0.plusSeconds(10))).isTrue();
	}

	@Test
	void exceededByWithZeroMaxRestartsGivesUpOnTheFirstCrash() {
		RestartIntensity intolerant = new RestartIntensity(0, Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		assertThat(intolerant.exceededBy(RestartIntensity.newHistory(), T0)).isTrue();
	}

}
