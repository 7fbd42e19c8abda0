package io.github.clustermaster.control;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterCommand}: each command checks its values, and reads back from
 * the JSON it is written as.
 */
class ClusterCommandTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aResizeTakesZeroToTheLimitAndNamesTheRangeOtherwise() {
		assertThat(new ClusterCommand.Resize(0).size()).isZero();
		assertThat(new ClusterCommand.Resize(ClusterCommand.Resize.MAX_SIZE).size()).isEqualTo(1024);
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Resize(-1))
			.withMessage("size must be a whole number from 0 to 1024, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Resize(1025))
			.withMessage("size must be a whole number from 0 to 1024, was 1025");
	}

	@Test
	void aRestartRefusesAVariableNameNoProcessCanHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Restart(Map.of("", "1")))
			.withMessage("env has an invalid variable name \"\"");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Restart(Map.of("A=B", "1")))
			.withMessage("env has an invalid variable name \"A=B\"");
		Map<String, String> nul = new HashMap<>();
		nul.put("A", "x\0y");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Restart(nul))
			.withMessage("env.A must be a text without NUL characters");
	}

	@Test
	void aRestartKeepsItsOwnCopyOfTheEnvironment() {
		Map<String, String> env = new HashMap<>(Map.of("A", "1"));
		ClusterCommand.Restart restart = new ClusterCommand.Restart(env);
		env.put("B", "2");
		assertThat(restart.env()).containsOnlyKeys("A");
	}

	@Test
	void everyCommandReadsBackFromItsJsonNamedByItsOperation() {
		for (ClusterCommand command : new ClusterCommand[] { new ClusterCommand.Status(), new ClusterCommand.Resize(3),
				new ClusterCommand.Resize(8, true), new ClusterCommand.Restart(Map.of("A", "1")),
				new ClusterCommand.Restart(null), new ClusterCommand.Upgrade(),
				new ClusterCommand.Upgrade("/opt/jdk-21/bin/java"), new ClusterCommand.Quit(true) }) {
			String written = this.json.writeValueAsString(command);
			assertThat(written).contains("\"operation\":\"" + command.operation() + "\"");
			assertThat((ClusterCommand) this.json.readerFor(ClusterCommand.class).readValue(written))
				.isEqualTo(command);
		}
		assertThat(this.json.writeValueAsString(new ClusterCommand.Resize(4)))
			.isEqualTo("{\"operation\":\"resize\",\"size\":4}");
		assertThat(this.json.writeValueAsString(new ClusterCommand.Resize(8, true)))
			.isEqualTo("{\"operation\":\"resize\",\"size\":8,\"force\":true}");
		assertThat(this.json.writeValueAsString(new ClusterCommand.Upgrade())).isEqualTo("{\"operation\":\"upgrade\"}");
	}

	@Test
	void anUpgradeNamesAJavaOrNone() {
		assertThat(new ClusterCommand.Upgrade().java()).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterCommand.Upgrade(" "))
			.withMessage("java must name a java executable, for example /opt/jdk-21/bin/java, or be left out");
	}

}
