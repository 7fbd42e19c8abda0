package io.github.clustermaster.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.clustermaster.control.ResizeLimit;
import io.github.clustermaster.ipc.PoolWriteOutcome;
import io.github.clustermaster.ipc.RelayRequest;
import io.github.clustermaster.ipc.RelayResponse;
import io.github.clustermaster.master.PoolActuator;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.messaging.ClusterMessageException;
import io.github.clustermaster.messaging.ClusterMessenger;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.testsupport.ReplClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplCommands}: every command, through a real session, over a
 * {@link FakePool}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplCommandsTests {

	private static final String REFUSAL = "4 workers (...) = 9.1 GiB exceed the 8.0 GiB this master sees (physical "
			+ "memory)";

	private final FakePool pool = new FakePool(2);

	private final FakeMessenger messenger = new FakeMessenger();

	private volatile ResizeLimit limit = ResizeLimit.NONE;

	private volatile PoolActuator actuator = PoolActuator.NONE;

	@TempDir
	Path directory;

	@Test
	void helpListsEveryCommandInTheSeedsOrder() {
		String help = answer((client) -> client.run("help"));
		assertThat(help).startsWith("Commands (help <command> for more");
		assertThat(help.lines().skip(1).map((line) -> line.trim().split("\\s+")[0])).containsExactly("help", "repl",
				"resize", "restart", "upgrade", "stop", "kill", "cluster", "size", "connections", "workers", "release",
				"leases", "sessions", "select", "pids", "ages", "states", "debug", "send", "broadcast", "threaddump", "loggers",
				"sock", "exit");
	}

	@Test
	void helpOfACommandIsSpringShellsHelpAndItsDescription() {
		session((client) -> {
			assertThat(client.run("help resize")).startsWith("NAME\n\tresize - Set the number of workers")
				.contains("SYNOPSIS")
				.contains("DESCRIPTION\n\tUsage: resize <n> [force], or resize(n) or resize(n, 'force')");
			assertThat(client.run("help restart")).contains("OPTIONS\n\t--env or -e String");
			assertThat(client.run("resize --help"))
				.startsWith("Usage: resize <n> [force], or resize(n) or resize(n, 'force')");
			assertThat(client.run("help .exit")).contains("Close this session");
		});
	}

	@Test
	void resizeWaitsForTheNewSizeAndPrintsTheReadyWorkers() {
		String answer = answer((client) -> client.run("resize 3"));
		assertThat(answer).isEqualTo("Resizing from 2 to 3 workers; waiting until they are ready...\n"
				+ "3 workers, 3 ready: {1: 4001, 2: 4002, 3: 4003}");
		assertThat(this.pool.resizes()).containsExactly(3);
	}

	@Test
	void resizeAcceptsTheSeedsCallSyntax() {
		assertThat(answer((client) -> client.run("resize(1)"))).endsWith("1 worker, 1 ready: {1: 4001}");
		assertThat(this.pool.resizes()).containsExactly(1);
	}

	@Test
	void aResizeBeyondTheMemoryBudgetIsRefusedInOneLineUnlessForced() {
		this.limit = (size) -> (size > 3) ? REFUSAL : null;
		session((client) -> {
			assertThat(client.run("resize 4")).isEqualTo("resize: Resize to 4 refused: " + REFUSAL
					+ "; force it to resize anyway");
			assertThat(this.pool.resizes()).isEmpty();
			assertThat(client.run("resize 4 force"))
				.endsWith("4 workers, 4 ready: {1: 4001, 2: 4002, 3: 4003, 4: 4004}");
			assertThat(client.run("resize(5, 'force')")).endsWith("5 workers, 5 ready: {1: 4001, 2: 4002, 3: 4003, "
					+ "4: 4004, 5: 4005}");
			assertThat(client.run("resize 1")).endsWith("1 worker, 1 ready: {1: 4001}");
		});
		assertThat(this.pool.resizes()).containsExactly(4, 5, 1);
	}

	@Test
	void restartWaitsAndPrintsTheOutcome() {
		assertThat(answer((client) -> client.run("restart")))
			.isEqualTo("Rolling restart to generation 2 started: replacing 2 workers; waiting until it is "
					+ "done...\n"
					+ "Rolling restart done: generation 2, 2 workers replaced in 1.5s");
		assertThat(this.pool.restarts()).containsExactly((Map<String, String>) null);
	}

	@Test
	void restartGivesTheNewWorkersEveryEnvOption() {
		answer((client) -> client.run("restart --env A=1 -e B=two --env=C=x=y"));
		assertThat(this.pool.restarts()).containsExactly(Map.of("A", "1", "B", "two", "C", "x=y"));
	}

	@Test
	void restartAcceptsTheSeedsCallSyntaxWithAnEnvironment() {
		session((client) -> {
			client.run("restart()");
			client.run("restart({FEATURE: 'on', GREETING: \"hello world\"})");
		});
		assertThat(this.pool.restarts()).containsExactly(null, Map.of("FEATURE", "on", "GREETING", "hello world"));
	}

	@Test
	void anUpgradeThisMasterCannotStartIsOneLineWithOrWithoutAJava() {
		assertThat(answer((client) -> client.run("upgrade")))
			.isEqualTo("upgrade: Upgrade refused: this master cannot start a new master");
		assertThat(answer((client) -> client.run("upgrade --java /opt/jdk-21/bin/java")))
			.isEqualTo("upgrade: Upgrade refused: this master cannot start a new master");
	}

	@Test
	void aRestartTheSupervisorRefusesIsOneLine() {
		this.pool.failRestartsWith(new IllegalStateException("A rolling restart is already running (generation 2)"));
		assertThat(answer((client) -> client.run("restart")))
			.isEqualTo("restart: A rolling restart is already running (generation 2)");
		this.pool.failRestartsWith(new IllegalStateException(
				"Rolling restart to generation 2 aborted because the first new worker died"));
		assertThat(answer((client) -> client.run("restart")))
			.isEqualTo("restart: Rolling restart to generation 2 aborted because the first new worker died");
	}

	@Test
	void stopQuitsGracefullyAndASecondStopKills() {
		session((client) -> {
			assertThat(client.run("stop"))
				.isEqualTo("Quitting: stopping 2 workers gracefully; the master exits with code 0 once they are gone");
			assertThat(client.run("stop()"))
				.isEqualTo("Already quitting: killing every worker now; the master exits with code 1");
		});
		assertThat(this.pool.quits()).isEqualTo(2);
	}

	@Test
	void killQuitsHard() {
		assertThat(answer((client) -> client.run("kill"))).isEqualTo("Killing 2 workers; the master exits with code 1");
		assertThat(this.pool.hardQuits()).isOne();
	}

	@Test
	void clusterSummarizesThePool() {
		assertThat(answer((client) -> client.run("cluster"))).isEqualTo(String.join("\n",
				"master      pid " + ProcessHandle.current().pid(), "size        2", "workers     2 (2 READY)",
				"generation  1", "restarting  no", "danger      no", "failed      no", "quitting    no",
				"queued      -", "ready after -"));
	}

	@Test
	void sizeIsTheWantedNumberOfWorkers() {
		assertThat(answer((client) -> client.run("size"))).isEqualTo("2");
	}

	@Test
	void workersIsATable() {
		assertThat(answer((client) -> client.run("workers"))).isEqualTo(String.join("\n",
				"ID  SLOT  PID   STATE  GEN  AGE     RELEASE  REQUESTS  INFLIGHT  HEAP  RSS  ERRORS  P99",
				"1   0     4001  READY  1    1m 15s  -        -         -         -     -    -       -",
				"2   1     4002  READY  1    1m 15s  -        -         -         -     -    -       -"));
	}

	@Test
	void workersSaysSoWhenThereAreNone() {
		this.pool.resize(0);
		assertThat(answer((client) -> client.run("workers"))).isEqualTo("No workers (size 0)");
	}

	@Test
	void selectMapsEachWorkerIdToAField() {
		session((client) -> {
			assertThat(client.run("select pid")).isEqualTo("{1: 4001, 2: 4002}");
			assertThat(client.run("select('state')")).isEqualTo("{1: READY, 2: READY}");
			assertThat(client.run("select GEN")).isEqualTo("{1: 1, 2: 1}");
			assertThat(client.run("select age")).isEqualTo("{1: 1m 15s, 2: 1m 15s}");
			assertThat(client.run("select id")).isEqualTo("{1: 1, 2: 2}");
		});
	}

	@Test
	void pidsAgesAndStatesAreTheSeedsShortcuts() {
		session((client) -> {
			assertThat(client.run("pids")).isEqualTo("{1: 4001, 2: 4002}");
			assertThat(client.run("ages")).isEqualTo("{1: 1m 15s, 2: 1m 15s}");
			assertThat(client.run("states()")).isEqualTo("{1: READY, 2: READY}");
		});
	}

	@Test
	void connectionsCountsTheOpenSessions() {
		session((first) -> {
			try (ReplClient second = ReplClient.connect(socket())) {
				assertThat(second.run("connections")).isEqualTo("2");
			}
		});
	}

	@Test
	void debugWritesToTheMastersStdoutAndToTheSession(CapturedOutput output) {
		session((client) -> {
			String line = "debug from session " + client.session() + ": deploying v2";
			assertThat(client.run("debug deploying  v2")).isEqualTo(line);
			assertThat(client.run("debug('deploying v2')")).isEqualTo(line);
			assertThat(output).contains(line);
			assertThat(client.run("debug \u001b[2J")).isEqualTo("debug from session " + client.session() + ": ?[2J");
		});
	}

	@Test
	void sendWritesJsonToOneWorkerAndAnyOtherTextAsAString() {
		session((client) -> {
			assertThat(client.run("send 2 {\"cmd\": \"flush\", \"keys\": [1, 2]}"))
				.isEqualTo("Sent to worker 2: {\"cmd\":\"flush\",\"keys\":[1,2]}");
			assertThat(client.run("send 1 flush the  caches")).isEqualTo("Sent to worker 1: \"flush the caches\"");
			assertThat(client.run("send(1, 42)")).isEqualTo("Sent to worker 1: 42");
			assertThat(client.run("send(2, {\"cmd\": \"a b\"})")).isEqualTo("Sent to worker 2: {\"cmd\":\"a b\"}");
		});
		assertThat(this.messenger.sent).containsExactly("2 {\"cmd\":\"flush\",\"keys\":[1,2]}",
				"1 \"flush the caches\"", "1 42", "2 {\"cmd\":\"a b\"}");
	}

	@Test
	void sendToAWorkerThatIsNotConnectedIsOneLine() {
		assertThat(answer((client) -> client.run("send 7 hi"))).isEqualTo("send: worker 7 is not connected; connected: 1, 2");
		assertThat(answer((client) -> client.run("send x hi"))).isEqualTo("send: expected a worker id, got 'x'");
		assertThat(answer((client) -> client.run("send 1")))
			.isEqualTo("send: expected a worker id and a message, for example: send 2 {\"cmd\": \"flush\"}");
		assertThat(this.messenger.sent).isEmpty();
	}

	@Test
	void broadcastWritesToEveryConnectedWorker() {
		assertThat(answer((client) -> client.run("broadcast({\"announcement\": \"v2 at 5pm\"})")))
			.isEqualTo("Sent to 2 workers (1, 2): {\"announcement\":\"v2 at 5pm\"}");
		assertThat(this.messenger.sent).containsExactly("* {\"announcement\":\"v2 at 5pm\"}");
	}

	@Test
	void aMessageTheMessengerRefusesIsOneLineAndNothingIsSent() {
		this.messenger.connected = List.of();
		assertThat(answer((client) -> client.run("broadcast hi"))).isEqualTo("broadcast: no worker is connected; nothing was sent");
		this.messenger.connected = List.of(1);
		this.messenger.refusal = new ClusterMessageException("broadcast message is 2000000 bytes, more than 1048576");
		assertThat(answer((client) -> client.run("broadcast hi")))
			.isEqualTo("broadcast: broadcast message is 2000000 bytes, more than 1048576");
		assertThat(this.messenger.sent).isEmpty();
	}

	@Test
	void sockDescribesThisConnection() {
		session((client) -> {
			assertThat(client.run("sock")).matches("session " + client.session()
					+ ", local client, open for \\d+\\.\\ds on unix:" + socket() + " \\(mode 0600\\)");
		});
	}

	@Test
	void replDescribesTheListenerAndEverySession() {
		session((first) -> {
			try (ReplClient second = ReplClient.connect(socket())) {
				assertThat(second.run("repl")).matches("listening on unix:" + socket()
						+ " \\(mode 0600\\), 2 sessions\n"
						+ "  session " + first.session() + ", local client, open for \\S+\n" + "  session "
						+ second.session() + ", local client, open for \\S+ \\(this one\\)");
			}
		});
	}

	@Test
	void exitQuitAndDotExitCloseTheSession() {
		session((client) -> {
			for (String exit : new String[] { "exit", "quit", ".exit", "  EXIT  ", "exit()" }) {
				try (ReplClient other = ReplClient.connect(socket())) {
					assertThat(other.runToEnd(exit)).isEqualTo("Bye.\n");
				}
			}
		});
		assertThat(this.pool.quits()).isZero();
	}

	@Test
	void sessionsShowsTheMastersSessionStoreOrSaysThereIsNone() {
		assertThat(answer((client) -> client.run("sessions")))
			.isEqualTo("The master keeps no sessions (cluster.master.sessions.enabled=false)");
		SessionStore store = new SessionStore(DataSize.ofMegabytes(1), System::currentTimeMillis);
		store.save(new SessionCall(SessionCall.Op.SAVE, "s1", null, 1, 60, Map.of("a", new byte[100]), List.of()));
		new ApplicationContextRunner().withUserConfiguration(ReplConfiguration.class, ReplTestConfiguration.class)
			.withBean(WorkerPoolManager.class, () -> this.pool)
			.withBean(SessionStore.class, () -> store)
			.withPropertyValues("cluster.master.repl=" + socket())
			.run((context) -> {
				try (ReplClient client = ReplClient.connect(socket())) {
					assertThat(client.run("sessions")).isEqualTo("sessions: 1\nbytes: " + store.stats().bytes()
							+ " of 1048576\nevicted: 0\nexpired: 0");
				}
			});
	}

	private Path socket() {
		return this.directory.resolve("repl.sock");
	}

	@Test
	void leasesListsTheLeasesHeldNowAndSaysWhenThereAreNone() throws java.io.IOException {
		assertThat(answer((client) -> client.run("leases"))).isEqualTo("No leases held");
		io.github.clustermaster.ipc.IpcServer server = io.github.clustermaster.ipc.IpcServer.bind();
		server.leases().acquire(2, 4242, "scheduling", java.time.Duration.ofSeconds(10));
		AtomicReference<String> answer = new AtomicReference<>();
		new ApplicationContextRunner().withUserConfiguration(ReplConfiguration.class, ReplTestConfiguration.class)
			.withBean(WorkerPoolManager.class, () -> this.pool)
			.withBean(io.github.clustermaster.ipc.IpcServer.class, () -> server)
			.withPropertyValues("cluster.master.repl=" + socket())
			.run((context) -> {
				try (ReplClient client = ReplClient.connect(socket())) {
					answer.set(client.run("leases"));
				}
			});
		assertThat(answer.get()).matches("scheduling: worker 2 \\(pid 4242\\) until \\S+Z");
	}

	@Test
	void anActuatorErrorShowsItsMessageOrItsBodyWhenItHasNone() {
		Map<Integer, String> bodies = Map.of(1, "{\"status\":404,\"message\":\"No such thing\"}", 2, "{\"status\":500}",
				3, "broken: not JSON", 4, "[\"a list\"]");
		this.actuator = new PoolActuator() {

			@Override
			public CompletableFuture<RelayResponse> relay(int target, RelayRequest request) {
				return CompletableFuture
					.completedFuture(RelayResponse.text((target == 1) ? 404 : 500, "application/json", bodies.get(target)));
			}

			@Override
			public CompletableFuture<PoolWriteOutcome> applyEverywhere(String operation,
					Map<String, String> arguments) {
				return CompletableFuture.completedFuture(new PoolWriteOutcome(List.of(), Map.of()));
			}

		};
		assertThat(answer((client) -> client.run("threaddump 1"))).isEqualTo("threaddump: 404: No such thing");
		assertThat(answer((client) -> client.run("threaddump 2"))).isEqualTo("threaddump: 500: {\"status\":500}");
		assertThat(answer((client) -> client.run("threaddump 3"))).isEqualTo("threaddump: 500: broken: not JSON");
		assertThat(answer((client) -> client.run("threaddump 4"))).isEqualTo("threaddump: 500: [\"a list\"]");
	}

	@Test
	void threaddumpAndLoggersAskTheWorkersActuatorAndSettingALevelSaysWhichWorkersApplied() {
		List<Object> relayed = new CopyOnWriteArrayList<>();
		this.actuator = new PoolActuator() {

			@Override
			public CompletableFuture<RelayResponse> relay(int target, RelayRequest request) {
				relayed.add(request);
				String body = request.endpoint().equals("threaddump") ? "\"main\" #1 of worker " + target
						: "{\"configuredLevel\":\"DEBUG\",\"effectiveLevel\":\"DEBUG\"}";
				return CompletableFuture.completedFuture(RelayResponse.text(200, "text/plain", body));
			}

			@Override
			public CompletableFuture<PoolWriteOutcome> applyEverywhere(String operation,
					Map<String, String> arguments) {
				relayed.add(arguments);
				return CompletableFuture.completedFuture(
						new PoolWriteOutcome(List.of(1, 2), Map.of(3, "it did not answer within 5000 ms")));
			}

		};
		assertThat(answer((client) -> client.run("threaddump 2"))).isEqualTo("\"main\" #1 of worker 2");
		assertThat(((RelayRequest) relayed.get(0)).accept()).isEqualTo("text/plain");
		assertThat(answer((client) -> client.run("loggers com.example")))
			.isEqualTo("com.example: configured DEBUG, effective DEBUG (worker 1)");
		assertThat(answer((client) -> client.run("loggers com.example debug")))
			.isEqualTo("Set com.example to DEBUG on 2 workers [1, 2]\nworker 3 could not: it did not answer within 5000 ms");
		assertThat(relayed.get(2)).isEqualTo(Map.of("name", "com.example", "configuredLevel", "DEBUG"));
		assertThat(answer((client) -> client.run("threaddump x"))).isEqualTo("threaddump: expected a worker id, got 'x'");
	}

	@Test
	void withoutTheWorkersActuatorThreaddumpIsOneLine() {
		assertThat(answer((client) -> client.run("threaddump 1")))
			.isEqualTo("threaddump: This master relays no Actuator requests");
	}

	private String answer(Function<ReplClient, String> dialog) {
		AtomicReference<String> answer = new AtomicReference<>();
		session((client) -> answer.set(dialog.apply(client)));
		return answer.get();
	}

	private void session(Consumer<ReplClient> dialog) {
		new ApplicationContextRunner().withUserConfiguration(ReplConfiguration.class, ReplTestConfiguration.class)
			.withBean(WorkerPoolManager.class, () -> this.pool)
			.withBean(ClusterMessenger.class, () -> this.messenger)
			.withBean(ResizeLimit.class, () -> (size) -> this.limit.refusal(size))
			.withBean(PoolActuator.class, () -> this.actuator)
			.withPropertyValues("cluster.master.repl=" + socket())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (ReplClient client = ReplClient.connect(socket())) {
					dialog.accept(client);
				}
			});
	}

	/**
	 * Records what it sends, as the worker id (or {@code *}) and the JSON.
	 */
	static final class FakeMessenger implements ClusterMessenger {

		final List<String> sent = new CopyOnWriteArrayList<>();

		volatile List<Integer> connected = List.of(1, 2);

		volatile @Nullable ClusterMessageException refusal;

		@Override
		public boolean send(int workerId, Object message) {
			refuse();
			if (!this.connected.contains(workerId)) {
				return false;
			}
			this.sent.add(workerId + " " + message);
			return true;
		}

		@Override
		public List<Integer> broadcast(Object message) {
			refuse();
			if (!this.connected.isEmpty()) {
				this.sent.add("* " + message);
			}
			return this.connected;
		}

		@Override
		public List<Integer> connectedWorkers() {
			return this.connected;
		}

		private void refuse() {
			ClusterMessageException refusal = this.refusal;
			if (refusal != null) {
				throw refusal;
			}
		}

	}

}
