package io.github.clustermaster.supervisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MaxSurge}.
 */
class MaxSurgeTests {

	@Test
	void aCountIsTheSameWhateverTheSize() {
		assertThat(MaxSurge.parse("2").resolve(16)).isEqualTo(2);
		assertThat(MaxSurge.parse(" 3 ").resolve(1)).isEqualTo(3);
	}

	@Test
	void aPercentageOfTheSizeIsRoundedUpAndNeverBelowOne() {
		assertThat(MaxSurge.parse("25%").resolve(16)).isEqualTo(4);
		assertThat(MaxSurge.parse("25%").resolve(5)).isEqualTo(2);
		assertThat(MaxSurge.parse("25%").resolve(1)).isEqualTo(1);
		assertThat(MaxSurge.parse("100%").resolve(4)).isEqualTo(4);
		assertThat(MaxSurge.parse("1%").resolve(0)).isEqualTo(1);
	}

	@Test
	void anythingElseIsRefusedWithWhatWasExpected() {
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSurge.parse("0"))
			.withMessage("max-surge must be a count of at least 1 or a percentage from 1% to 100%, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSurge.parse("150%"))
			.withMessageContaining("was 150%");
		assertThatIllegalArgumentException().isThrownBy(() -> MaxSurge.parse("all"))
			.withMessage("max-surge must be a count (2) or a percentage of the size (25%), was 'all'");
	}

}
