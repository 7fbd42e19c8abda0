package io.github.clustermaster.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A master process started for a test, {@code java -jar app.jar} or {@code java -cp … Main},
 * with its workers as child processes.
 * <p>
 * It runs in a fresh temporary working directory, so that files such as a REPL socket do
 * not collide. Its merged stdout and stderr are kept in memory, written to a log file and,
 * unless {@link Builder#quiet() quiet}, echoed to the test output prefixed with
 * {@code [master] }. Its supervisor's events are written to {@code cluster-events.jsonl} in
 * that directory ({@code cluster.master.event-log}, set through the environment), which
 * {@link #events()} and {@link #awaitEvent} read: a test waits for what the master did by its
 * events, not by the wording of its log.
 * Every process ever seen below it is remembered, by a sample whenever
 * {@link #workerPids()} is called and every 200 ms (or {@link Builder#sampleInterval}); {@link #close()} kills the master
 * and all of them with SIGKILL, by pid, and waits until they are gone ({@link #stop(Duration)}
 * asks with SIGTERM first). A JVM shutdown hook does the same if the test JVM exits first.
 *
 * @author cluster-master
 */
public final class ClusterProcess implements AutoCloseable {

	private static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofMillis(200);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

	private static final int TAIL_LINES = 50;

	private static final int TAIL_EVENTS = 30;

	/**
	 * The variable of {@code cluster.master.event-log}, which a command that starts the
	 * master with an environment of its own must pass on.
	 */
	public static final String EVENT_LOG_VARIABLE = "CLUSTER_MASTER_EVENTLOG";

	/** The event log's file in the working directory. */
	static final String EVENT_LOG = "cluster-events.jsonl";

	private final String name;

	private final List<String> command;

	private final Process process;

	private final Path workingDirectory;

	private final boolean ownsWorkingDirectory;

	private final Path logFile;

	private final ProcessOutput output;

	/** Where the output and the harness's own lines are echoed, or {@code null} when quiet. */
	private final @Nullable PrintStream echo;

	private final EventLogReader events;

	private final ProcessTree tree;

	private final ScheduledExecutorService sampler;

	private final Duration sampleInterval;

	private final Thread shutdownHook;

	private final AtomicBoolean closed = new AtomicBoolean();

	private ClusterProcess(String name, List<String> command, Process process, Path workingDirectory,
			boolean ownsWorkingDirectory, Path logFile, @Nullable PrintStream echo, Duration sampleInterval, String mark)
			throws IOException {
		this.name = name;
		this.command = command;
		this.process = process;
		this.workingDirectory = workingDirectory;
		this.ownsWorkingDirectory = ownsWorkingDirectory;
		this.logFile = logFile;
		this.tree = new ProcessTree(process.toHandle(), mark);
		this.echo = echo;
		this.sampleInterval = sampleInterval;
		this.output = new ProcessOutput(process.getInputStream(), logFile, "[" + name + "] ", echo);
		this.events = new EventLogReader(workingDirectory.resolve(EVENT_LOG));
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "descendants-" + name + "-" + process.pid());
			thread.setDaemon(true);
			return thread;
		});
		this.shutdownHook = new Thread(this::destroyQuietly, "close-" + name + "-" + process.pid());
	}

	/**
	 * Start describing a master that runs {@code java -jar} with the given jar.
	 * @param jar the executable jar
	 * @return a builder
	 */
	public static Builder jar(Path jar) {
		return new Builder(List.of("-jar", jar.toAbsolutePath().toString()), null, List.of());
	}

	/**
	 * Start describing a master that runs {@code java -cp <this JVM's class path> main},
	 * as an IDE or {@code mvn spring-boot:run} starts an application.
	 * @param mainClass the application's main class
	 * @return a builder
	 */
	public static Builder mainClass(Class<?> mainClass) {
		return new Builder(List.of(mainClass.getName()), mainClass, List.of());
	}

	/**
	 * Start describing a master that runs an arbitrary command.
	 * @param command the executable and its first arguments
	 * @return a builder
	 */
	public static Builder command(String... command) {
		return command(Arrays.asList(command));
	}

	/**
	 * Start describing a master that runs an arbitrary command.
	 * @param command the executable and its first arguments
	 * @return a builder
	 */
	public static Builder command(List<String> command) {
		if (command.isEmpty()) {
			throw new IllegalArgumentException("Expected a command with at least an executable");
		}
		return new Builder(List.of(), null, command);
	}

	/**
	 * Start a master.
	 * @param builder what to start
	 * @return the running master
	 */
	public static ClusterProcess start(Builder builder) {
		return builder.start();
	}

	private static ClusterProcess launch(Builder spec, List<String> command) throws IOException {
		Path directory = spec.workingDirectory;
		Path workingDirectory = (directory != null) ? Files.createDirectories(directory)
				: ClusterFiles.createWorkingDirectory();
		String mark = UUID.randomUUID().toString();
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectInput(spec.stdin);
		builder.environment().keySet().removeAll(spec.removedEnvironment);
		builder.environment().put(EVENT_LOG_VARIABLE, workingDirectory.resolve(EVENT_LOG).toString());
		builder.environment().putAll(spec.environment);
		builder.environment().put(ProcessTree.MARK_VARIABLE, mark);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			if (directory == null) {
				ClusterFiles.deleteQuietly(workingDirectory);
			}
			throw ex;
		}
		try {
			Path logFile = (spec.logFile != null) ? spec.logFile : ClusterFiles.logFile(spec.name, process.pid());
			ClusterProcess cluster = new ClusterProcess(spec.name, command, process, workingDirectory,
					directory == null, logFile, spec.quiet ? null : System.out, spec.sampleInterval, mark);
			cluster.begin();
			return cluster;
		}
		catch (IOException | RuntimeException | Error ex) {
			try {
				new ProcessTree(process.toHandle(), mark).destroy(process, CLOSE_TIMEOUT);
				if (directory == null) {
					ClusterFiles.deleteQuietly(workingDirectory);
				}
			}
			catch (RuntimeException cleanupFailure) {
				ex.addSuppressed(cleanupFailure);
			}
			throw ex;
		}
	}

	private void begin() {
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		this.output.start();
		this.sampler.scheduleWithFixedDelay(this.tree::sample, 0, this.sampleInterval.toMillis(), TimeUnit.MILLISECONDS);
		announce("started " + this.name + " pid " + pid() + " in " + this.workingDirectory + ": "
				+ String.join(" ", this.command));
	}

	private void announce(String line) {
		if (this.echo != null) {
			this.echo.println("[harness] " + line);
		}
	}

	/**
	 * Return the name that prefixes echoed output and names the log file.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the pid of the master.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return whether the master is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Return the directory the master runs in: a fresh temporary one, deleted on
	 * {@link #close()}, unless the builder named one.
	 * @return the working directory
	 */
	public Path workingDirectory() {
		return this.workingDirectory;
	}

	/**
	 * Return the file that receives every line of output and is kept after
	 * {@link #close()}: the builder's, or {@code target/cluster-logs/<name>-<pid>.log} under
	 * Maven.
	 * @return the log file
	 */
	public Path logFile() {
		return this.logFile;
	}

	/**
	 * Return the output lines read so far.
	 * @return a snapshot of the output
	 */
	public List<String> output() {
		return this.output.lines();
	}

	/**
	 * Return the number of output lines read so far, a mark to pass to
	 * {@link #awaitOutput(Pattern, int, Duration)} to wait for a line after it.
	 * @return the number of lines
	 */
	public int outputLineCount() {
		return this.output.size();
	}

	/**
	 * Wait for a line of output in which the pattern is found.
	 * @param pattern what to find in a line
	 * @param timeout how long to wait
	 * @return the first matching line
	 * @throws AssertionError with the tail of the output on timeout or when the output ends
	 */
	public String awaitOutput(Pattern pattern, Duration timeout) {
		return awaitOutput(pattern, 0, timeout);
	}

	/**
	 * Wait for a line of output, at or after a given line, in which the pattern is found.
	 * @param pattern what to find in a line
	 * @param fromLine index of the first line to consider, see {@link #outputLineCount()}
	 * @param timeout how long to wait
	 * @return the first matching line
	 * @throws AssertionError with the tail of the output on timeout or when the output ends
	 */
	public String awaitOutput(Pattern pattern, int fromLine, Duration timeout) {
		AtomicReference<@Nullable String> found = new AtomicReference<>();
		try {
			Waiting.upTo(timeout, Duration.ofMillis(50)).until(() -> {
				found.set(this.output.firstMatch(pattern, fromLine));
				return found.get() != null || this.output.isFinished();
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describe("No line matching /" + pattern + "/ within " + timeout), ex);
		}
		String line = (found.get() != null) ? found.get() : this.output.firstMatch(pattern, fromLine);
		if (line == null) {
			throw new AssertionError(describe("Output ended without a line matching /" + pattern + "/"));
		}
		return line;
	}

	/**
	 * Return the events the master has written to its event log so far (none when a test
	 * turned the log off or moved it through the environment).
	 * @return a snapshot of the events, oldest first
	 */
	public List<ClusterEvent> events() {
		return this.events.events();
	}

	/**
	 * Return the number of events written so far, a mark to pass to
	 * {@link #awaitEvent(String, Predicate, int, Duration)} to wait for an event after it.
	 * @return the number of events
	 */
	public int eventCount() {
		return events().size();
	}

	/**
	 * Wait for an event of the given name.
	 * @param name the event's name, for example {@code worker-ready}
	 * @param timeout how long to wait
	 * @return the first such event
	 * @throws AssertionError with the events seen and the tail of the output on timeout
	 */
	public ClusterEvent awaitEvent(String name, Duration timeout) {
		return awaitEvent(name, (event) -> true, 0, timeout);
	}

	/**
	 * Wait for an event of the given name whose fields match.
	 * @param name the event's name
	 * @param match what its fields must be
	 * @param timeout how long to wait
	 * @return the first such event
	 * @throws AssertionError with the events seen and the tail of the output on timeout
	 */
	public ClusterEvent awaitEvent(String name, Predicate<ClusterEvent> match, Duration timeout) {
		return awaitEvent(name, match, 0, timeout);
	}

	/**
	 * Wait for an event of the given name whose fields match, at or after a mark.
	 * @param name the event's name
	 * @param match what its fields must be
	 * @param fromEvent index of the first event to consider, see {@link #eventCount()}
	 * @param timeout how long to wait
	 * @return the first such event
	 * @throws AssertionError with the events seen and the tail of the output on timeout, or
	 * when the master exits without it
	 */
	public ClusterEvent awaitEvent(String name, Predicate<ClusterEvent> match, int fromEvent, Duration timeout) {
		AtomicReference<@Nullable ClusterEvent> found = new AtomicReference<>();
		boolean exited;
		try {
			Waiting.upTo(timeout, Duration.ofMillis(50)).until(() -> {
				boolean alive = this.process.isAlive();
				found.set(firstEvent(name, match, fromEvent));
				return found.get() != null || !alive;
			});
			exited = found.get() == null;
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describeEvents("No " + name + " event that matches within " + timeout, fromEvent),
					ex);
		}
		ClusterEvent event = found.get();
		if (exited || event == null) {
			throw new AssertionError(describeEvents("The master exited without a " + name + " event that matches",
					fromEvent));
		}
		return event;
	}

	private @Nullable ClusterEvent firstEvent(String name, Predicate<ClusterEvent> match, int fromEvent) {
		List<ClusterEvent> events = events();
		for (int i = fromEvent; i < events.size(); i++) {
			ClusterEvent event = events.get(i);
			if (event.name().equals(name) && match.test(event)) {
				return event;
			}
		}
		return null;
	}

	private String describeEvents(String problem, int fromEvent) {
		List<ClusterEvent> events = events();
		List<ClusterEvent> seen = events.subList(Math.min(fromEvent, events.size()), events.size());
		List<ClusterEvent> tail = seen.subList(Math.max(0, seen.size() - TAIL_EVENTS), seen.size());
		return describe(problem + "; the " + tail.size() + " last of " + seen.size() + " events seen after #"
				+ fromEvent + " in " + this.events.file() + ":\n"
				+ tail.stream().map(ClusterEvent::toString).collect(Collectors.joining("\n")) + "\n");
	}

	/**
	 * Send a signal to the master with {@code kill}.
	 * @param signal the signal name, for example {@code TERM}, {@code HUP} or {@code SIGUSR2}
	 * @throws IllegalStateException if the master ignores it (it was started under
	 * {@code nohup}, for SIGHUP): a test would otherwise wait for what never comes
	 */
	public void signal(String signal) {
		if (Signals.ignores(pid(), signal)) {
			throw new IllegalStateException("Master pid " + pid() + " ignores SIG" + Signals.normalize(signal)
					+ ": it was started with that signal ignored (nohup, or a parent that ignores it) and a JVM keeps "
					+ "it so, so sending it would do nothing. Run the tests from a shell that does not ignore it");
		}
		Signals.send(pid(), signal);
	}

	/**
	 * Send a signal to the master or to a process seen below it, typically a worker.
	 * @param pid the master's pid or the pid of one of its descendants
	 * @param signal the signal name
	 * @throws IllegalArgumentException if the pid does not belong to this cluster
	 */
	public void signal(long pid, String signal) {
		if (pid != pid()) {
			this.tree.sample();
			if (!this.tree.contains(pid)) {
				throw new IllegalArgumentException("Refusing to signal pid " + pid + ": it is not master pid " + pid()
						+ " nor a process seen below it");
			}
		}
		Signals.send(pid, signal);
	}

	/**
	 * Return the live direct children of the master that run {@code java}: its workers, not
	 * the short-lived JVMs of its release cache (extraction, the class-data archive's
	 * training run and probe).
	 * @return the worker pids, sorted
	 */
	public Set<Long> workerPids() {
		this.tree.sample();
		return this.process.toHandle()
			.children()
			.filter(Processes::isRunning)
			.filter(Processes::isJava)
			.filter((child) -> !isReleaseJvm(child))
			.map(ProcessHandle::pid)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static boolean isReleaseJvm(ProcessHandle process) {
		List<String> arguments = List.of(process.info().arguments().orElse(new String[0]));
		return arguments.contains("-Dcluster.master.training-run=true") || arguments.contains("-Djarmode=tools")
				|| arguments.contains("-version");
	}

	/**
	 * Wait until the master has exactly the given number of workers.
	 * @param count the number of workers
	 * @param timeout how long to wait
	 * @return their pids
	 * @throws AssertionError with the tail of the output on timeout
	 */
	public Set<Long> awaitWorkers(int count, Duration timeout) {
		AtomicReference<Set<Long>> workers = new AtomicReference<>(Set.of());
		try {
			Waiting.upTo(timeout, Duration.ofMillis(100)).until(() -> {
				workers.set(workerPids());
				return workers.get().size() == count;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describe("Expected " + count + " workers within " + timeout + " but the last sample was "
					+ workers.get()), ex);
		}
		return workers.get();
	}

	/**
	 * Wait until exactly {@code count} workers are alive and each of them has answered a
	 * {@code GET /} on the shared port, so that a test knows every live worker serves.
	 * @param port the shared port on 127.0.0.1
	 * @param count the number of workers
	 * @param timeout how long to wait
	 * @return their pids, sorted
	 * @throws AssertionError with the tail of the output on timeout
	 */
	public Set<Long> awaitAnsweringWorkers(int port, int count, Duration timeout) {
		Set<Long> answered = new TreeSet<>();
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> {
				Set<Long> workers = workerPids();
				answered.retainAll(workers);
				answered.addAll(Http.answeringPids(port, count));
				return workers.size() == count && answered.equals(workers);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describe(count + " workers did not all answer on 127.0.0.1:" + port + " within "
					+ timeout + " (answered: " + answered + ", alive: " + workerPids() + ")"), ex);
		}
		return Collections.unmodifiableSet(new TreeSet<>(answered));
	}

	/**
	 * Return the processes ever seen below the master, or carrying its mark, that are
	 * still running, for example workers left behind by a master that has exited.
	 * @return their pids, sorted
	 */
	public Set<Long> survivingDescendants() {
		this.tree.sample();
		return this.tree.survivors();
	}

	/**
	 * Wait for the master to exit.
	 * @param timeout how long to wait
	 * @return its exit code
	 * @throws AssertionError with the tail of the output if it is still running
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(describe("Still running after " + timeout));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(describe("Interrupted while waiting for the exit"), ex);
		}
		// Let the last lines arrive, unless children that inherited the stream live on.
		this.output.awaitFinished(Duration.ofSeconds(1));
		return this.process.exitValue();
	}

	/**
	 * Stop the master as a service manager does: SIGTERM, which a master answers by
	 * stopping its workers, then up to {@code grace} for it to exit, then {@link #close()},
	 * which kills whatever is left of its tree.
	 * @param grace how long the master may take to exit
	 * @return whether it exited within the grace (also when it had exited before)
	 * @throws IllegalStateException if a process survives the kill
	 */
	public boolean stop(Duration grace) {
		boolean exited = !this.process.isAlive();
		if (!exited && !this.closed.get()) {
			// Not Process.destroy(), which also closes the output stream and loses the last lines
			Signals.trySend(List.of(pid()), "TERM");
			try {
				exited = this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		close();
		return exited;
	}

	/**
	 * Kill the master and every process ever seen below it with SIGKILL, by pid, and wait
	 * until they are gone. Does nothing the second time.
	 * @throws IllegalStateException if a process survives
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			destroy();
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is shutting down and the hook runs anyway.
			}
		}
	}

	private void destroy() {
		try {
			this.tree.sample();
			this.sampler.shutdownNow();
			this.tree.destroy(this.process, CLOSE_TIMEOUT);
			if (this.ownsWorkingDirectory) {
				ClusterFiles.deleteQuietly(this.workingDirectory);
			}
		}
		finally {
			try {
				this.process.getOutputStream().close();
			}
			catch (IOException ex) {
				// Already gone with the process.
			}
			this.output.awaitFinished(Duration.ofSeconds(5));
			announce("closed " + this.name + " pid " + pid() + ", log " + this.logFile);
		}
	}

	private void destroyQuietly() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				destroy();
			}
			catch (RuntimeException ex) {
				System.err.println("[harness] " + ex.getMessage());
			}
		}
	}

	/**
	 * Describe a problem with this process's state and the tail of its output, for an
	 * assertion message.
	 * @param problem what went wrong
	 * @return the description
	 */
	public String describe(String problem) {
		String state = this.process.isAlive() ? "running" : "exited with " + this.process.exitValue();
		List<String> tail = this.output.tail(TAIL_LINES);
		return problem + " (" + this.name + " pid " + pid() + " " + state + ", log " + this.logFile + "); last "
				+ tail.size() + " lines of output:\n" + String.join("\n", tail);
	}

	@Override
	public String toString() {
		return this.name + " pid " + pid() + " (" + String.join(" ", this.command) + ")";
	}

	/**
	 * Describes a master to start: the command, JVM options, arguments and environment.
	 */
	public static final class Builder {

		/** What follows the JVM options: {@code -jar <jar>} or the main class; empty for a command. */
		private final List<String> launch;

		private final @Nullable Class<?> mainClass;

		private final List<String> command;

		private final List<String> jvmArgs = new ArrayList<>();

		private final List<String> args = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private final List<String> removedEnvironment = new ArrayList<>();

		private @Nullable Pattern excludedClassPath;

		private boolean defaultSignals;

		private Redirect stdin = Redirect.PIPE;

		private String name = "master";

		private @Nullable Path workingDirectory;

		private @Nullable Path logFile;

		private boolean quiet;

		private Duration sampleInterval = DEFAULT_SAMPLE_INTERVAL;

		private Builder(List<String> launch, @Nullable Class<?> mainClass, List<String> command) {
			this.launch = List.copyOf(launch);
			this.mainClass = mainClass;
			this.command = List.copyOf(command);
		}

		/**
		 * Add options for the master JVM, before {@code -jar} or the main class. Not for a
		 * command.
		 * @param jvmArgs options such as {@code -Xmx256m}
		 * @return this builder
		 */
		public Builder jvmArgs(String... jvmArgs) {
			if (!this.command.isEmpty()) {
				throw new IllegalStateException("JVM arguments apply to a jar or a main class, not to the command "
						+ this.command);
			}
			this.jvmArgs.addAll(Arrays.asList(jvmArgs));
			return this;
		}

		/**
		 * Leave entries out of the class path of a {@link ClusterProcess#mainClass(Class)
		 * main class}, for example the embedded servers that a test does not want.
		 * @param excluded what to find in an entry (with {@code /} as separator) to leave it out
		 * @return this builder
		 */
		public Builder excludingClassPath(Pattern excluded) {
			if (this.mainClass == null) {
				throw new IllegalStateException("A class path applies to a main class, not to " + commandLine());
			}
			this.excludedClassPath = excluded;
			return this;
		}

		/**
		 * Add arguments after the jar, the main class or the command.
		 * @param args arguments such as {@code --server.port=8080}
		 * @return this builder
		 */
		public Builder args(String... args) {
			this.args.addAll(Arrays.asList(args));
			return this;
		}

		/**
		 * Add or replace a variable in the environment the master inherits from the test.
		 * @param name the variable name
		 * @param value its value
		 * @return this builder
		 */
		public Builder env(String name, String value) {
			this.environment.put(name, value);
			return this;
		}

		/**
		 * Remove a variable from the environment the master inherits from the test.
		 * @param name the variable name, for example {@code JAVA_TOOL_OPTIONS}
		 * @return this builder
		 */
		public Builder withoutEnv(String name) {
			this.environment.remove(name);
			this.removedEnvironment.add(name);
			return this;
		}

		/**
		 * Start the process through {@code env --default-signal=HUP,INT,TERM}, as from a
		 * shell: a JVM that ran a worker in-process ignores SIGHUP and SIGINT, its children
		 * inherit that, and a JVM started with a signal ignored never handles it.
		 * @return this builder
		 */
		public Builder defaultSignals() {
			this.defaultSignals = true;
			return this;
		}

		/**
		 * Set what the process reads as stdin, for example a shared listening socket.
		 * @param stdin the redirect, a pipe by default
		 * @return this builder
		 */
		public Builder stdin(Redirect stdin) {
			this.stdin = stdin;
			return this;
		}

		/**
		 * Set the name that prefixes echoed output and names the log file.
		 * @param name the name, {@code master} by default
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = name;
			return this;
		}

		/**
		 * Set the working directory, created if missing, instead of a fresh temporary one.
		 * @param workingDirectory the directory
		 * @return this builder
		 */
		public Builder workingDirectory(Path workingDirectory) {
			this.workingDirectory = workingDirectory;
			return this;
		}

		/**
		 * Set the log file, replaced if it exists, instead of one named after the process
		 * in {@code target/cluster-logs}.
		 * @param logFile the file; its directory must exist
		 * @return this builder
		 */
		public Builder logFile(Path logFile) {
			this.logFile = logFile;
			return this;
		}

		/**
		 * Echo nothing: neither the output, which still goes to memory and the log file,
		 * nor the harness's own lines (started, closed), for a program whose output is its
		 * report, such as the benchmark.
		 * @return this builder
		 */
		public Builder quiet() {
			this.quiet = true;
			return this;
		}

		/**
		 * Set how often the processes below the master are sampled. A sample walks the
		 * system's process table (a few milliseconds), so a benchmark samples less often; on
		 * Linux {@link #close()} also finds, by its mark, a child orphaned between two samples.
		 * @param sampleInterval the interval, 200 ms by default
		 * @return this builder
		 */
		public Builder sampleInterval(Duration sampleInterval) {
			if (sampleInterval.isNegative() || sampleInterval.isZero()) {
				throw new IllegalArgumentException("Expected an interval above zero but got " + sampleInterval);
			}
			this.sampleInterval = sampleInterval;
			return this;
		}

		/**
		 * Return the full command line.
		 * @return the command line that {@link #start()} runs
		 */
		public List<String> commandLine() {
			List<String> line = new ArrayList<>();
			if (this.defaultSignals) {
				line.addAll(List.of("env", "--default-signal=HUP,INT,TERM"));
			}
			if (this.command.isEmpty()) {
				line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
				line.addAll(this.jvmArgs);
				if (this.mainClass != null) {
					line.add("-cp");
					line.add(classPath());
				}
				line.addAll(this.launch);
			}
			else {
				line.addAll(this.command);
			}
			line.addAll(this.args);
			return line;
		}

		private String classPath() {
			String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
			Pattern excluded = this.excludedClassPath;
			return Arrays.stream(entries)
				.filter((entry) -> excluded == null || !excluded.matcher(entry.replace('\\', '/')).find())
				.collect(Collectors.joining(File.pathSeparator));
		}

		/**
		 * Start the master.
		 * @return the running master; close it, or let {@link ClusterProcessExtension} do
		 * it
		 */
		public ClusterProcess start() {
			List<String> line = commandLine();
			try {
				return launch(this, line);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + String.join(" ", line), ex);
			}
		}

	}

}
