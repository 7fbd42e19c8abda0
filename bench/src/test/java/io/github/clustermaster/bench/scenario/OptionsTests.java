package io.github.clustermaster.bench.scenario;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Options}.
 *
 * @author cluster-master
 */
class OptionsTests {

	@Test
	void withoutOptionsAWholeRunTakesItsDefaults() {
		assertThat(Options.parse(List.of())).isEqualTo(new Options(false, null, 7, 5, 2, 3, 30, 10, 8));
	}

	@Test
	void quickTakesFewerSamplesAndAGivenValueWins() {
		assertThat(Options.parse(List.of("--quick", "--rounds=2", "--sessions-only")))
			.isEqualTo(new Options(true, "sessions", 3, 2, 1, 2, 5, 5, 8));
	}

	@Test
	void eachOnlyOptionNamesItsStep() {
		assertThat(Options.parse(List.of("--aot-only")).only()).isEqualTo("spawn-aot");
		assertThat(Options.parse(List.of("--spares-only")).only()).isEqualTo("respawn");
		assertThat(Options.parse(List.of("--warmup-only")).only()).isEqualTo("warmup");
	}

	@Test
	void badOptionsAreRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--rounds=x")))
			.withMessage("unknown option or bad value '--rounds=x'");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--round=2")));
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--rounds=12345")));
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("rounds=2")));
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--rounds=0")))
			.withMessageContaining("1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(List.of("--connections=300")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(List.of("--spawn-only", "--canary-only")))
			.withMessage("--spawn-only, --canary-only exclude each other");
	}

}
