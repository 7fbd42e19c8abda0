package io.github.clustermaster.shell;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.ClusterCommandExecutor.Execution;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.lease.LeaseInfo;
import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.lease.LeaseTable;
import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.messaging.ClusterMessageException;
import io.github.clustermaster.messaging.ClusterMessenger;
import io.github.clustermaster.session.SessionStore;
import io.github.clustermaster.session.SessionStoreStats;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.StringNode;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

/**
 * The seed's REPL commands, and {@code send} and {@code broadcast}, as Spring Shell
 * commands. Each one is a thin adapter: it reads its arguments, hands a
 * {@link ClusterCommand} to the {@link ClusterCommandExecutor} and prints the outcomes'
 * sentences (reads go to the {@link WorkerPoolManager}'s status, messages to the
 * {@link ClusterMessenger}, session commands to the REPL server). None touches a process.
 *
 * @author cluster-master
 */
class ReplCommands {

	/** The group of the commands about the pool. */
	static final String CLUSTER = "Cluster";

	/** The group of the commands about the REPL itself. */
	static final String REPL = "REPL";

	/** Reads the text of {@code send} and {@code broadcast}: one JSON value and nothing after it. */
	private static final ObjectReader JSON = WireJson.mapper()
		.reader()
		.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private final ClusterCommandExecutor executor;

	private final WorkerPoolManager pool;

	private final @Nullable ClusterMessenger messenger;

	private @Nullable SessionStore sessions;

	/** The pool's warnings for a wanted size. */
	private final IntFunction<List<PoolWarning>> warnings;

	ReplCommands(ClusterCommandExecutor executor, WorkerPoolManager pool, @Nullable ClusterMessenger messenger) {
		this(executor, pool, messenger, (size) -> List.of());
	}

	ReplCommands(ClusterCommandExecutor executor, WorkerPoolManager pool, @Nullable ClusterMessenger messenger,
			IntFunction<List<PoolWarning>> warnings) {
		this.executor = executor;
		this.pool = pool;
		this.messenger = messenger;
		this.warnings = warnings;
	}

	private @Nullable LeaseTable leases;

	/** The master's lease table, for {@code leases}. */
	void leases(LeaseTable leases) {
		this.leases = leases;
	}

	@Command(name = "leases", group = CLUSTER, description = "The leases held now: name, worker, pid, until",
			help = "Usage: leases\nThe leases the master has granted and that are held now, one a line: its name, "
					+ "the worker and pid that hold it, and when the master frees it unless it is renewed. The "
					+ "'scheduling' lease's holder runs the pool's scheduled work.")
	public String leases() {
		List<LeaseInfo> held = (this.leases != null) ? this.leases.leases() : List.of();
		if (held.isEmpty()) {
			return "No leases held";
		}
		StringBuilder out = new StringBuilder();
		for (LeaseInfo lease : held) {
			if (!out.isEmpty()) {
				out.append('\n');
			}
			out.append(lease.name()).append(": worker ").append(lease.holder()).append(" (pid ")
				.append(lease.holderPid()).append(") until ")
				.append(lease.until().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		}
		return out.toString();
	}

	@Command(name = "repl", group = REPL, description = "Where this REPL listens, and its sessions",
			help = "Usage: repl\nThe REPL's socket and every open session: its id, its peer and how long it has "
					+ "been open.")
	public String repl(CommandContext context) {
		ReplSession current = ReplSession.of(context);
		ReplServer server = current.server();
		List<ReplSession> sessions = server.sessions();
		return "listening on " + server.description() + ", " + sessions.size() + " session"
				+ ((sessions.size() != 1) ? "s" : "") + sessions.stream()
					.map((session) -> "\n  " + session.describe() + ((session == current) ? " (this one)" : ""))
					.collect(Collectors.joining());
	}

	@Command(name = "resize", group = CLUSTER,
			description = "Set the number of workers and wait for them: resize <n> [force]",
			help = "Usage: resize <n> [force], or resize(n) or resize(n, 'force')\nSets the number of workers (0 to "
					+ "1024): starts the missing ones, or stops the newest gracefully, then waits until exactly n are "
					+ "ready. A resize up that would not fit in the master's memory budget is refused; force starts "
					+ "the workers anyway.")
	public String resize(@Argument(index = 0, description = "the number of workers") String size,
			@Argument(index = 1, description = "force: even beyond the memory budget") String force,
			CommandContext context) throws InterruptedException {
		ClusterCommand.Resize resize = workerCount(size, force);
		int current = this.pool.size();
		String waiting = (resize.size() > current) ? "they are ready..." : "the stopped ones have drained and exited...";
		return run(resize, (resize.size() != current) ? waiting : null, context);
	}

	@Command(name = "restart", group = CLUSTER,
			description = "Replace every worker (the first alone, then up to max-surge at once) and wait for the outcome: "
					+ "restart [--env NAME=value ...]",
			help = "Usage: restart [--env NAME=value ...], or restart() or restart({NAME: 'value'})\n"
					+ "A rolling restart: each worker is replaced once its replacement is ready, so the port never "
					+ "has fewer workers than the size. With --env, the new workers get these variables instead of "
					+ "cluster.master.env. Waits until the restart is done or aborted.")
	public String restart(@Option(longName = "env", shortName = 'e',
			description = "a variable of the new workers, NAME=value; repeat it for more") @Nullable String env,
			CommandContext context) throws InterruptedException {
		// Declared for Spring Shell's help; every --env is read from the context.
		return run(new ClusterCommand.Restart(environment(context)), "it is done...", context);
	}

	@Command(name = "upgrade", group = CLUSTER,
			description = "Replace the master by a new one started from the deploy path, and wait until it has taken "
					+ "over: upgrade [--java <path>]",
			help = "Usage: upgrade [--java <path>], or upgrade()\nStarts a new master from the deploy path (a new "
					+ "jar, JDK or starter version) and hands it the listening socket; once its workers are ready it "
					+ "takes over (the REPL, the pid file, systemd's MAINPID) and this master drains its workers and "
					+ "exits 0. If the new master fails, this one serves on, unchanged. The new master runs the java "
					+ "this one was started as, looked up again, or the one --java names. The same as SIGUSR2.")
	public String upgrade(@Option(longName = "java",
			description = "the java executable of the new master") @Nullable String java, CommandContext context)
			throws InterruptedException {
		ClusterCommand.Upgrade upgrade;
		try {
			upgrade = new ClusterCommand.Upgrade(java);
		}
		catch (IllegalArgumentException ex) {
			throw new ReplCommandException(ex.getMessage());
		}
		return run(upgrade, "the new master has taken over...", context);
	}

	@Command(name = "stop", group = CLUSTER,
			description = "Stop every worker gracefully, then the master (exit code 0)",
			help = "Usage: stop, or stop()\nA graceful quit: every worker drains and stops, then the master exits with "
					+ "code 0 and this session closes. A second stop kills every worker instead.")
	public String stop() throws InterruptedException {
		return accepted(this.executor.execute(new ClusterCommand.Quit(false))).message();
	}

	@Command(name = "kill", group = CLUSTER, description = "Kill every worker, then the master (exit code 1)",
			help = "Usage: kill, or kill()\nA hard quit: every worker is killed with SIGKILL, then the master exits "
					+ "with code 1 and this session closes.")
	public String kill() throws InterruptedException {
		return accepted(this.executor.execute(new ClusterCommand.Quit(true))).message();
	}

	/**
	 * Run a command and wait until it is done: print the executor's sentence once it is
	 * accepted (with what the session waits for), answer with its sentence once done.
	 */
	private String run(ClusterCommand command, @Nullable String waitingFor, CommandContext context)
			throws InterruptedException {
		Execution execution = this.executor.submit(command);
		CommandOutcome started = accepted(execution.accepted());
		if (waitingFor != null) {
			print(context, started.message() + "; waiting until " + waitingFor);
		}
		CommandOutcome done = await(execution.done());
		if (done.outcome() != Outcome.DONE) {
			throw new ReplCommandException(done.message());
		}
		return done.message();
	}

	private static CommandOutcome accepted(CompletableFuture<CommandOutcome> answer) throws InterruptedException {
		CommandOutcome outcome = await(answer);
		if (outcome.outcome() != Outcome.STARTED && outcome.outcome() != Outcome.DONE) {
			throw new ReplCommandException(outcome.message());
		}
		return outcome;
	}

	@Command(name = "cluster", group = CLUSTER,
			description = "A summary of the pool: size, states, generation, restarting, danger",
			help = "Usage: cluster\nThe master's pid, the wanted size, the workers by state, the generation, and "
					+ "whether a rolling restart runs, workers die young (danger), respawning was given up "
					+ "(failed) or the master is quitting; then how long one worker took from spawn to ready: the "
					+ "last one, and the mean over every worker readied; then each warning about the application's "
					+ "state that every worker keeps for itself (an in-memory database, a simple broker, a local "
					+ "cache), with the fix.")
	public String cluster() {
		ClusterStatus status = this.pool.status();
		return ReplFormat.summary(status) + ReplFormat.warnings(this.warnings.apply(status.size()));
	}

	void sessions(@Nullable SessionStore sessions) {
		this.sessions = sessions;
	}

	@Command(name = "sessions", group = CLUSTER, description = "The pool's shared HTTP sessions: count and bytes",
			help = "Usage: sessions\nHow many HTTP sessions the master holds for the workers, the bytes they take "
					+ "against cluster.master.sessions.max-bytes, and how many were evicted or expired since the "
					+ "master started.")
	public String sessions() {
		SessionStore store = this.sessions;
		if (store == null) {
			return "The master keeps no sessions (cluster.master.sessions.enabled=false)";
		}
		SessionStoreStats stats = store.stats();
		return "sessions: " + stats.sessions() + "\nbytes: " + stats.bytes() + " of " + stats.maxBytes()
				+ "\nevicted: " + stats.evicted() + "\nexpired: " + stats.expired();
	}

	@Command(name = "release", group = CLUSTER,
			description = "The releases: current, previous, the rollout and its outcome, which worker runs which",
			help = "Usage: release\nThe release new workers launch (its id, the first 12 hex digits of the jar's "
					+ "SHA-256, and the deploy path it was read from), the previous one kept to roll back to, the "
					+ "rolling restart in progress or how the last one ended, and the release each worker runs. "
					+ "'-' for launches without a release (a class path launch).")
	public String release() {
		return ReplFormat.releases(this.pool.status());
	}

	@Command(name = "size", group = CLUSTER, description = "The wanted number of workers",
			help = "Usage: size\nThe number of workers the master keeps up; resize changes it.")
	public String size() {
		return String.valueOf(this.pool.size());
	}

	@Command(name = "connections", group = REPL, description = "The number of open REPL sessions",
			help = "Usage: connections\nHow many sessions are connected to this REPL, this one included.")
	public String connections(CommandContext context) {
		return String.valueOf(ReplSession.of(context).server().sessions().size());
	}

	@Command(name = "workers", group = CLUSTER, description = "The workers: id, slot, pid, state, generation, age, release, load, errors, p99",
			help = "Usage: workers\nA table of the workers, oldest first. ERRORS and P99 are over each worker's latest "
					+ "window (cluster.master.restart.canary.window): its requests answered with 5xx or failed, of "
					+ "all, and its p99 latency.")
	public String workers() {
		ClusterStatus status = this.pool.status();
		return status.workers().isEmpty() ? "No workers (size " + status.size() + ")"
				: ReplFormat.table(status.workers());
	}

	@Command(name = "select", group = CLUSTER, description = "A map of worker id to a field: select <field>",
			help = "Usage: select <field>, or select('field')\nMaps each worker's id to one field: id, slot, pid, "
					+ "state, generation (or gen), age or release.")
	public String select(
			@Argument(index = 0, description = "id, slot, pid, state, generation, age or release") String field) {
		return ReplFormat.map(this.pool.workers(), WorkerField.named(field));
	}

	@Command(name = "pids", group = CLUSTER, description = "A map of worker id to pid",
			help = "Usage: pids\nThe same as select pid.")
	public String pids() {
		return ReplFormat.map(this.pool.workers(), WorkerField.PID);
	}

	@Command(name = "ages", group = CLUSTER, description = "A map of worker id to age",
			help = "Usage: ages\nThe same as select age.")
	public String ages() {
		return ReplFormat.map(this.pool.workers(), WorkerField.AGE);
	}

	@Command(name = "states", group = CLUSTER, description = "A map of worker id to state",
			help = "Usage: states\nThe same as select state.")
	public String states() {
		return ReplFormat.map(this.pool.workers(), WorkerField.STATE);
	}

	@Command(name = "debug", group = REPL,
			description = "Write a line to the master's stdout and to every REPL session: debug <text>",
			help = "Usage: debug <text>, or debug('text')\nLike wall: the line goes to the master's standard output "
					+ "and to every open session, this one included.")
	public String debug(@Arguments List<String> words, CommandContext context) {
		if (words.isEmpty()) {
			throw new ReplCommandException("expected a text, for example: debug deploying v2");
		}
		ReplSession session = ReplSession.of(context);
		String message = "debug from session " + session.id() + ": " + ReplFormat.sanitize(String.join(" ", words));
		session.server().broadcast(message, session);
		return message;
	}

	@Command(name = "send", group = CLUSTER, description = "Send a message to one worker: send <id> <message>",
			help = "Usage: send <id> <message>, or send(id, 'message')\nThe worker receives the message as a "
					+ "MasterMessageEvent. A message that is JSON (an object, an array, a number, true, false or "
					+ "null) is sent as that value, any other text as a JSON string.")
	public String send(@Arguments List<String> words) {
		if (words.size() < 2) {
			throw new ReplCommandException(
					"expected a worker id and a message, for example: send 2 {\"cmd\": \"flush\"}");
		}
		String id = words.get(0).trim();
		int worker;
		try {
			worker = Integer.parseInt(id);
		}
		catch (NumberFormatException ex) {
			throw new ReplCommandException("expected a worker id, got '" + ReplFormat.printable(id) + "'");
		}
		JsonNode message = message(words.subList(1, words.size()));
		if (!write(() -> messenger().send(worker, message))) {
			throw new ReplCommandException("worker " + worker + " is not connected; connected: "
					+ ids(messenger().connectedWorkers()));
		}
		return "Sent to worker " + worker + ": " + abbreviate(message);
	}

	@Command(name = "broadcast", group = CLUSTER, description = "Send a message to every worker: broadcast <message>",
			help = "Usage: broadcast <message>, or broadcast('message')\nEvery connected worker (starting, ready or "
					+ "stopping) receives the message as a MasterMessageEvent; JSON is sent as such, any other text "
					+ "as a JSON string.")
	public String broadcast(@Arguments List<String> words) {
		if (words.isEmpty()) {
			throw new ReplCommandException("expected a message, for example: broadcast {\"cmd\": \"flush\"}");
		}
		JsonNode message = message(words);
		List<Integer> reached = write(() -> messenger().broadcast(message));
		if (reached.isEmpty()) {
			throw new ReplCommandException("no worker is connected; nothing was sent");
		}
		return "Sent to " + ReplFormat.workers(reached.size()) + " (" + ids(reached) + "): "
				+ abbreviate(message);
	}

	@Command(name = "sock", group = REPL, description = "This session: its id, its peer, how long it has been open",
			help = "Usage: sock\nThis connection to the REPL.")
	public String sock(CommandContext context) {
		ReplSession session = ReplSession.of(context);
		return session.describe() + " on " + session.server().description();
	}

	private ClusterMessenger messenger() {
		if (this.messenger == null) {
			throw new ReplCommandException("this master has no messaging (no ClusterMessenger bean)");
		}
		return this.messenger;
	}

	/**
	 * The words of a message as JSON: the value they spell, or else the text as a string.
	 */
	private static JsonNode message(List<String> words) {
		String text = String.join(" ", words).strip();
		try {
			return JSON.readTree(text);
		}
		catch (JacksonException ex) {
			return StringNode.valueOf(text);
		}
	}

	private static <T> T write(Supplier<T> send) {
		try {
			return send.get();
		}
		catch (ClusterMessageException ex) {
			throw new ReplCommandException(ex.getMessage());
		}
	}

	private static String ids(List<Integer> ids) {
		return ids.isEmpty() ? "none" : ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
	}

	private static String abbreviate(JsonNode message) {
		String json = ReplFormat.sanitize(message.toString());
		return (json.length() <= 200) ? json : json.substring(0, 200) + "... (" + json.length() + " characters)";
	}

	private static ClusterCommand.Resize workerCount(String text, String force) {
		String trimmed = text.trim();
		String flag = force.trim();
		if (!flag.isEmpty() && !flag.equals("force") && !flag.equals("--force")) {
			throw new ReplCommandException("expected force or nothing after the number of workers, for example: "
					+ "resize 8 force; got '" + ReplFormat.printable(flag) + "'");
		}
		try {
			return new ClusterCommand.Resize(Integer.parseInt(trimmed), !flag.isEmpty());
		}
		catch (IllegalArgumentException ex) {
			String got = trimmed.isEmpty() ? "" : "; got '" + ReplFormat.printable(trimmed) + "'";
			throw new ReplCommandException("expected the number of workers, 0 to " + ClusterCommand.Resize.MAX_SIZE
					+ ", for example: resize 4" + got);
		}
	}

	private static @Nullable Map<String, String> environment(CommandContext context) {
		List<String> pairs = context.parsedInput()
			.options()
			.stream()
			.filter((option) -> "env".equals(option.longName()) || option.shortName() == 'e')
			.map(CommandOption::value)
			.toList();
		if (pairs.isEmpty()) {
			return null;
		}
		Map<String, String> environment = new LinkedHashMap<>();
		for (String pair : pairs) {
			int equals = (pair != null) ? pair.indexOf('=') : -1;
			if (equals <= 0) {
				throw new ReplCommandException("expected --env NAME=value, got '"
						+ ReplFormat.printable(String.valueOf(pair)) + "'");
			}
			environment.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return environment;
	}

	private static void print(CommandContext context, String line) {
		PrintWriter out = context.outputWriter();
		out.println(line);
		out.flush();
	}

	private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new ReplCommandException((cause.getMessage() != null) ? cause.getMessage() : cause.toString());
		}
	}

}
