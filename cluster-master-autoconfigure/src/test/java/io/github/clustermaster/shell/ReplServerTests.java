package io.github.clustermaster.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.master.ReplAddress;
import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.testsupport.ReplClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplServer}: independent sessions at once, broadcasts, limits, and
 * closing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplServerTests {

	private final FakePool pool = new FakePool(2);

	@TempDir
	Path directory;

	@Test
	void eachConnectionGetsItsOwnSessionWithTheSeedsPrompt() {
		context((context, socket) -> {
			try (ReplClient first = ReplClient.connect(socket); ReplClient second = ReplClient.connect(socket)) {
				long pid = ProcessHandle.current().pid();
				assertThat(first.prompt()).isEqualTo("ClusterMaster (`help` for cmds) " + pid + " 1> ");
				assertThat(second.prompt()).isEqualTo("ClusterMaster (`help` for cmds) " + pid + " 2> ");
			}
		});
	}

	@Test
	void aSessionWaitingForACommandDoesNotHoldUpAnother() {
		this.pool.holdResizes();
		context((context, socket) -> {
			try (ReplClient waiting = ReplClient.connect(socket); ReplClient other = ReplClient.connect(socket)) {
				waiting.send("resize 3\n".getBytes());
				Awaitility.await().atMost(ReplClient.TIMEOUT).until(() -> this.pool.isResizeHeld());
				assertThat(other.run("pids")).isEqualTo("{1: 4001, 2: 4002}");
				assertThat(other.run("connections")).isEqualTo("2");
				assertThat(waiting.unread())
					.isEqualTo("Resizing from 2 to 3 workers; waiting until they are ready...\n");
				this.pool.releaseResize();
				assertThat(waiting.awaitPrompt()).endsWith("3 workers, 3 ready: {1: 4001, 2: 4002, 3: 4003}\n"
						+ waiting.prompt());
			}
		});
	}

	@Test
	void debugReachesASessionBlockedInAReadAtOnce(CapturedOutput output) {
		context((context, socket) -> {
			try (ReplClient idle = ReplClient.connect(socket); ReplClient talking = ReplClient.connect(socket)) {
				String line = "debug from session 2: hello everyone";
				assertThat(talking.run("debug hello everyone")).isEqualTo(line);
				// The idle session is blocked reading its client: the message must not wait for it.
				Awaitility.await()
					.atMost(ReplClient.TIMEOUT)
					.until(() -> idle.unread().equals("\n" + line + "\n" + idle.prompt()));
				assertThat(output).contains(line);
				assertThat(talking.unread()).isEmpty();
			}
		});
	}

	@Test
	void aClientBeyondTheLimitIsToldSoAndTheOthersCarryOn() {
		context((context, socket) -> {
			List<ReplClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < ReplServer.MAX_SESSIONS; i++) {
					clients.add(ReplClient.connect(socket));
				}
				assertThat(ReplClient.answerWithoutSession(socket))
					.isEqualTo("Too many REPL sessions (32); try again later\n");
				assertThat(clients.get(0).run("connections")).isEqualTo("32");
			}
			finally {
				clients.forEach(ReplClient::close);
			}
		});
	}

	@Test
	void closingTheContextEndsEverySessionAndRemovesTheSocket() {
		context((context, socket) -> {
			ReplClient idle = ReplClient.connect(socket);
			ReplClient busy = ReplClient.connect(socket);
			this.pool.holdResizes();
			busy.send("resize 3\n".getBytes());
			Awaitility.await().atMost(ReplClient.TIMEOUT).until(() -> this.pool.isResizeHeld());
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			assertThat(idle.awaitEnd()).isEqualTo("\nThe master is stopping; closing session 1.\n");
			assertThat(busy.awaitEnd()).contains("The master is stopping; closing session 2.\n");
			assertThat(socket).doesNotExist();
			assertThat(Files.exists(this.directory.resolve("repl.sock"))).isFalse();
		});
	}

	@Test
	void aNewMastersReplTakesTheSocketOverFromALiveOneWhoseSessionsAreToldWhereItIs() {
		context((context, socket) -> {
			ReplClient old = ReplClient.connect(socket);
			ReplServer next = ReplServer.afterTakeOver(ReplAddress.parse(socket.toString()),
					context.getBean(ReplShell.class), System.out, new MasterEvents());
			try {
				next.start();
				assertThat(next.description()).isEqualTo("unix:" + socket + " (once this master has taken over)");
				context.publishEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.HANDED_OVER, 7001));
				Awaitility.await()
					.atMost(ReplClient.TIMEOUT)
					.until(() -> old.unread().contains("Upgrade: master pid 7001 takes over and listens on unix:" + socket
							+ "; this session ends when this master (pid " + ProcessHandle.current().pid() + ") exits"));
				next.onApplicationEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.TOOK_OVER, 7000));
				try (ReplClient fresh = ReplClient.connect(socket)) {
					assertThat(fresh.run("size")).isEqualTo("2");
					assertThat(next.sessions()).hasSize(1);
				}
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
				assertThat(old.awaitEnd()).contains(
						"This master has handed over to master pid 7001 and exits; connect again to reach it; closing "
								+ "session 1.");
				assertThat(socket).exists();
			}
			finally {
				next.close();
			}
			assertThat(socket).doesNotExist();
		});
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
