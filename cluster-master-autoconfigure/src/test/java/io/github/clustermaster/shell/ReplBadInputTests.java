package io.github.clustermaster.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;

import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.testsupport.ReplClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what the REPL answers to bad input: one line that says what was expected (or
 * nothing for an empty line), and the session, the pool and the other sessions stay as
 * they were.
 */
class ReplBadInputTests {

	private final FakePool pool = new FakePool(2);

	@TempDir
	Path directory;

	@Test
	void anUnknownCommandIsOneLine() {
		assertOneLine("frobnicate", "Unknown command 'frobnicate'; help lists the commands");
		assertOneLine("resize(4", "Unknown command 'resize(4'; help lists the commands");
	}

	@Test
	void aMalformedOrMissingNumberOfWorkersIsOneLine() {
		String expected = "resize: expected the number of workers, 0 to 1024, for example: resize 4";
		assertOneLine("resize abc", expected + "; got 'abc'");
		assertOneLine("resize -1", expected + "; got '-1'");
		assertOneLine("resize(-1)", expected + "; got '-1'");
		assertOneLine("resize 2.5", expected + "; got '2.5'");
		assertOneLine("resize 100000", expected + "; got '100000'");
		assertOneLine("resize", expected);
		assertOneLine("resize 1 2", "resize: expected force or nothing after the number of workers, for example: "
				+ "resize 8 force; got '2'");
		assertOneLine("resize 1 force 2", "resize: takes 2 arguments, got '1 force 2' (see resize --help)");
	}

	@Test
	void anUnknownOrMissingFieldIsOneLine() {
		assertOneLine("select nosuch",
				"select: unknown field 'nosuch'; the fields are id, slot, pid, state, generation, age, release, requests, inflight, share, threads, heap, rss, gc, errors, p99, heartbeat, recycling");
		assertOneLine("select", "select: expected a field; the fields are id, slot, pid, state, generation, age, release, requests, inflight, share, threads, heap, rss, gc, errors, p99, heartbeat, recycling");
	}

	@Test
	void argumentsToACommandThatTakesNoneAreOneLine() {
		assertOneLine("pids extra", "pids: takes no arguments, got 'extra' (see pids --help)");
		assertOneLine("stop now", "stop: takes no arguments, got 'now' (see stop --help)");
	}

	@Test
	void badRestartOptionsAreOneLine() {
		assertOneLine("restart --force", "restart: unknown option --force (see restart --help)");
		assertOneLine("restart --env", "restart: Option '--env' requires a value (see restart --help)");
		assertOneLine("restart --env NOVALUE", "restart: expected --env NAME=value, got 'NOVALUE'");
		assertOneLine("restart extra", "restart: takes no arguments, got 'extra' (see restart --help)");
		assertOneLine("restart({A: 1, 'B'})", "Cannot read 'restart({A: 1, 'B'})': expected NAME: 'value' in an "
				+ "environment, got ''B''");
	}

	@Test
	void malformedSeedSyntaxIsOneLine() {
		assertOneLine("select('pid)", "Cannot read 'select('pid)': unterminated ' quote");
		assertOneLine("debug({)", "Cannot read 'debug({)': unbalanced braces");
	}

	@Test
	void anUnterminatedDoubleQuoteIsOneLine() {
		assertOneLine("resize \"2", "Cannot read 'resize \"2': unterminated \" quote");
		assertOneLine("help \"", "Cannot read 'help \"': unterminated \" quote");
		assertOneLine("send 1 {\"a\": \"b}", "Cannot read 'send 1 {\"a\": \"b}': unterminated \" quote");
	}

	@Test
	void debugWithoutATextIsOneLine() {
		assertOneLine("debug", "debug: expected a text, for example: debug deploying v2");
	}

	@Test
	void emptyAndWhitespaceLinesAnswerNothing() {
		dialog((client, other) -> {
			assertThat(client.run("")).isEmpty();
			assertThat(client.run(" \t  ")).isEmpty();
			assertThat(client.run("\r")).isEmpty();
		});
	}

	@Test
	void aLineOfOneMegabyteIsSkippedWithOneLine() {
		dialog((client, other) -> {
			byte[] line = new byte[1024 * 1024 + 1];
			Arrays.fill(line, (byte) 'x');
			line[line.length - 1] = '\n';
			client.send(line);
			assertThat(client.awaitPrompt())
				.isEqualTo("Ignored a line of 1048576 bytes: a line may have at most 4096\n" + client.prompt());
		});
	}

	@Test
	void binaryGarbageGetsOneLinePerLineAndTheSessionGoesOn() {
		dialog((client, other) -> {
			byte[] garbage = new byte[2048];
			new Random(42).nextBytes(garbage);
			for (int i = 0; i < garbage.length; i++) {
				garbage[i] = (garbage[i] == '\n') ? 0 : garbage[i];
			}
			garbage[garbage.length - 1] = '\n';
			client.send(garbage);
			String answer = client.awaitPrompt();
			assertThat(answer).startsWith("Unknown command '")
				.endsWith("'; help lists the commands\n" + client.prompt());
			assertThat(answer.substring(0, answer.length() - client.prompt().length() - 1))
				.doesNotContain("\n")
				.doesNotContainPattern("\\p{Cntrl}");
			assertThat(client.run("pids")).isEqualTo("{1: 4001, 2: 4002}");
		});
	}

	@Test
	void controlCharactersAreNotEchoed() {
		assertOneLine("bo\u0007om\u001b[2J", "Unknown command 'bo?om?[2J'; help lists the commands");
	}

	@Test
	void aClientThatLeavesInTheMiddleOfACommandRunsNothing() {
		context((context, socket) -> {
			try (ReplClient other = ReplClient.connect(socket)) {
				ReplClient leaving = ReplClient.connect(socket);
				leaving.send("resize 5".getBytes(StandardCharsets.UTF_8));
				leaving.close();
				ReplServer server = context.getBean(ReplServer.class);
				Awaitility.await().atMost(ReplClient.TIMEOUT).until(() -> server.sessions().size() == 1);
				assertThat(other.run("size")).isEqualTo("2");
			}
		});
		assertThat(this.pool.resizes()).isEmpty();
	}

	@Test
	void aClientThatLeavesWhileItsCommandRunsDoesNotDisturbTheOthers() {
		this.pool.holdResizes();
		context((context, socket) -> {
			try (ReplClient other = ReplClient.connect(socket)) {
				ReplClient leaving = ReplClient.connect(socket);
				leaving.send("resize 3\n".getBytes(StandardCharsets.UTF_8));
				Awaitility.await().atMost(ReplClient.TIMEOUT).until(() -> this.pool.isResizeHeld());
				leaving.close();
				this.pool.releaseResize();
				ReplServer server = context.getBean(ReplServer.class);
				Awaitility.await().atMost(ReplClient.TIMEOUT).until(() -> server.sessions().size() == 1);
				assertThat(other.run("connections")).isEqualTo("1");
				assertThat(other.unread()).isEmpty();
			}
		});
	}

	private void assertOneLine(String line, String expected) {
		dialog((client, other) -> assertThat(client.run(line)).isEqualTo(expected).doesNotContain("\n"));
	}

	/**
	 * Talk to one session while another is open, then check that the other saw nothing
	 * and still works, and that the pool was not asked to change.
	 */
	private void dialog(BiConsumer<ReplClient, ReplClient> dialog) {
		context((context, socket) -> {
			try (ReplClient other = ReplClient.connect(socket); ReplClient client = ReplClient.connect(socket)) {
				dialog.accept(client, other);
				assertThat(client.run("size")).isEqualTo("2");
				assertThat(other.unread()).isEmpty();
				assertThat(other.run("pids")).isEqualTo("{1: 4001, 2: 4002}");
			}
		});
		assertThat(this.pool.resizes()).isEmpty();
		assertThat(this.pool.restarts()).isEmpty();
		assertThat(this.pool.quits() + this.pool.hardQuits()).isZero();
	}

	private void context(BiConsumer<AssertableApplicationContext, Path> test) {
		Path socket = this.directory.resolve("repl.sock");
		new ApplicationContextRunner().withUserConfiguration(ReplConfiguration.class, ReplTestConfiguration.class)
			.withBean(WorkerPoolManager.class, () -> this.pool)
			.withPropertyValues("cluster.master.repl=" + socket)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(context, socket);
			});
	}

}
