package io.github.clustermaster.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SeedSyntax}.
 */
class SeedSyntaxTests {

	@Test
	void aLineInSpringShellsSyntaxIsOnlyTrimmed() {
		assertThat(SeedSyntax.translate("  resize 4 \t")).isEqualTo("resize 4");
		assertThat(SeedSyntax.translate("restart --env A=1")).isEqualTo("restart --env A=1");
	}

	@Test
	void callsBecomeCommandsWithArguments() {
		assertThat(SeedSyntax.translate("resize(4)")).isEqualTo("resize 4");
		assertThat(SeedSyntax.translate("resize( 4 );")).isEqualTo("resize 4");
		assertThat(SeedSyntax.translate("restart()")).isEqualTo("restart");
		assertThat(SeedSyntax.translate("select('pid')")).isEqualTo("select pid");
		assertThat(SeedSyntax.translate("select(\"state\")")).isEqualTo("select state");
		assertThat(SeedSyntax.translate(".exit()")).isEqualTo(".exit");
	}

	@Test
	void nullAndUndefinedArgumentsAreLeftOut() {
		assertThat(SeedSyntax.translate("restart(null)")).isEqualTo("restart");
		assertThat(SeedSyntax.translate("restart(undefined, null)")).isEqualTo("restart");
	}

	@Test
	void anEnvironmentObjectBecomesEnvOptions() {
		assertThat(SeedSyntax.translate("restart({A: 'on', \"B\": 2})")).isEqualTo("restart --env A=on --env B=2");
		assertThat(SeedSyntax.translate("restart({URL: 'http://x:1/a,b'})"))
			.isEqualTo("restart --env URL=http://x:1/a,b");
		assertThat(SeedSyntax.translate("restart({})")).isEqualTo("restart");
	}

	@Test
	void anObjectOrArrayPassedToAnotherCommandIsLeftAsItIs() {
		assertThat(SeedSyntax.translate("broadcast({\"cmd\": \"flush\"})"))
			.isEqualTo("broadcast {\"cmd\": \"flush\"}");
		assertThat(SeedSyntax.translate("send(2, [1, 'a'])")).isEqualTo("send 2 [1, 'a']");
	}

	@Test
	void argumentsWithSpacesOrQuotesAreQuotedForSpringShell() {
		assertThat(SeedSyntax.translate("debug('hello, world')")).isEqualTo("debug \"hello, world\"");
		assertThat(SeedSyntax.translate("debug('say \\'hi\\'')")).isEqualTo("debug \"say 'hi'\"");
		assertThat(SeedSyntax.translate("debug('a \"b\"')")).isEqualTo("debug \"a \\\"b\\\"\"");
		assertThat(SeedSyntax.translate("restart({G: 'hello world'})")).isEqualTo("restart --env \"G=hello world\"");
	}

	@Test
	void malformedCallsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SeedSyntax.translate("select('pid)"))
			.withMessage("unterminated ' quote");
		assertThatIllegalArgumentException().isThrownBy(() -> SeedSyntax.translate("restart({A: 'b')"))
			.withMessage("unbalanced braces");
		assertThatIllegalArgumentException().isThrownBy(() -> SeedSyntax.translate("restart({'B'})"))
			.withMessage("expected NAME: 'value' in an environment, got ''B''");
	}

	@Test
	void somethingThatIsNotACallIsLeftAsItIs() {
		assertThat(SeedSyntax.translate("resize(4")).isEqualTo("resize(4");
		assertThat(SeedSyntax.translate("(4)")).isEqualTo("(4)");
	}

}
