package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
		List<Instant> one = this.intensity.withCrash(List.of(), T0);
		assertThat(this.intensity.exceededBy(one)).isFalse();
		List<Instant> two = this.intensity.withCrash(one, T0.plusSeconds(1));
		assertThat(this.intensity.exceededBy(two)).isFalse();
		List<Instant> three = this.intensity.withCrash(two, T0.plusSeconds(2));
		assertThat(this.intensity.exceededBy(three)).isTrue();
		assertThat(three).hasSize(3);
	}

	@Test
	void withCrashForgetsCrashesOlderThanThePeriod() {
		List<Instant> crashes = this.intensity.withCrash(List.of(T0, T0.plusSeconds(5)), T0.plusSeconds(11));
		assertThat(crashes).containsExactly(T0.plusSeconds(5), T0.plusSeconds(11));
		assertThat(this.intensity.exceededBy(crashes)).isFalse();
	}

	@Test
	void withCrashStillCountsACrashExactlyOnePeriodAgo() {
		List<Instant> crashes = this.intensity.withCrash(List.of(T0, T0.plusSeconds(5)), T0.plusSeconds(10));
		assertThat(crashes).containsExactly(T0, T0.plusSeconds(5), T0.plusSeconds(10));
		assertThat(this.intensity.exceededBy(crashes)).isTrue();
	}

	@Test
	void withCrashLeavesTheGivenHistoryAsItIs() {
		List<Instant> earlier = new ArrayList<>(List.of(T0, T0.plusSeconds(5)));
		this.intensity.withCrash(earlier, T0.plusSeconds(11));
		assertThat(earlier).containsExactly(T0, T0.plusSeconds(5));
	}

	@Test
	void exceededByWithZeroMaxRestartsGivesUpOnTheFirstCrash() {
		RestartIntensity intolerant = new RestartIntensity(0, Duration.ofSeconds(10), Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		assertThat(intolerant.exceededBy(intolerant.withCrash(List.of(), T0))).isTrue();
	}

}
