package io.github.clustermaster.worker.sharing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A real master JVM started by a test: {@code java -cp <test class path without the
 * other servers> <main> --server.port=…}, so the whole master and worker path runs. Its
 * output (and its workers', which share it) is kept in memory and in a log file.
 * {@link #close()} kills it and every process seen below it, by pid, and waits until
 * they are gone.
 *
 * @author cluster-master
 */
public final class ChildCluster implements AutoCloseable {

	/** Printed by the test apps' {@code /slow} when a slow request starts, followed by the pid. */
	static final String SLOW_STARTED = "SHARING-SLOW-STARTED pid=";

	private static final String TOMCAT = "/org/apache/tomcat/|/spring-boot-(starter-)?tomcat";

	private static final String JETTY = "/org/eclipse/jetty/|/spring-boot-(starter-)?jetty";

	private static final String REACTOR_NETTY = "/io/projectreactor/netty/|/spring-boot-(starter-)?reactor-netty"
			+ "|/spring-boot-(starter-)?webflux";

	private static final String WEBMVC = "/spring-(boot-)?webmvc|/spring-boot-starter-webmvc";

	/** Class path entries to leave out for a master that has only Tomcat. */
	public static final Pattern ONLY_TOMCAT = Pattern.compile(JETTY + "|" + REACTOR_NETTY);

	/** Class path entries to leave out for a master that has only Jetty. */
	public static final Pattern ONLY_JETTY = Pattern.compile(TOMCAT + "|" + REACTOR_NETTY);

	/** Class path entries to leave out for a master that has only Reactor Netty. */
	public static final Pattern ONLY_REACTOR_NETTY = Pattern.compile(TOMCAT + "|" + JETTY + "|" + WEBMVC);

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

	private final Path log;

	private final Thread shutdownHook = new Thread(this::destroy, "close-child-cluster");

	private ChildCluster(Process process, Path log) {
		this.process = process;
		this.log = log;
		Thread reader = new Thread(this::read, "child-cluster-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Start a master.
	 * @param mainClass the application
	 * @param excluded class path entries to leave out (the other servers)
	 * @param directory working directory and log location
	 * @param args program arguments
	 * @return the running master
	 */
	public static ChildCluster start(Class<?> mainClass, Pattern excluded, Path directory, String... args) {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !excluded.matcher(entry.replace('\\', '/')).find())
			.collect(Collectors.joining(File.pathSeparator));
		// Started as from a shell, with SIGHUP, SIGINT and SIGTERM at their defaults: a worker
		// run in-process by another test leaves this JVM ignoring SIGHUP and SIGINT, and a
		// JVM started with a signal ignored never handles it (see MasterSignals)
		List<String> command = new ArrayList<>(List.of("env", "--default-signal=HUP,INT,TERM",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m", "-Xss512k", "-cp", classPath,
				mainClass.getName()));
		command.addAll(Arrays.asList(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		try {
			return new ChildCluster(builder.start(), directory.resolve("master.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + mainClass.getName(), ex);
		}
	}

	/**
	 * A free port on the loopback address.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				Files.writeString(this.log, line + System.lineSeparator(), StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
		}
		catch (IOException ex) {
			// The master is gone
		}
	}

	public long pid() {
		return this.process.pid();
	}

	/**
	 * The number of lines read so far, a mark for {@link #awaitLine(Pattern, int, Duration)}.
	 * @return the count
	 */
	public int mark() {
		return this.lines.size();
	}

	public List<String> lines() {
		return List.copyOf(this.lines);
	}

	/**
	 * Wait for a line at or after a mark in which the pattern is found.
	 * @param pattern what to find
	 * @param from the mark
	 * @param timeout how long to wait
	 * @return the matcher of the first such line
	 */
	public Matcher awaitLine(Pattern pattern, int from, Duration timeout) {
		try {
			return await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
				observe();
				for (int i = from; i < this.lines.size(); i++) {
					Matcher matcher = pattern.matcher(this.lines.get(i));
					if (matcher.find()) {
						return matcher;
					}
				}
				return null;
			}, (matcher) -> matcher != null || !this.process.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describe("No line matching /" + pattern + "/ within " + timeout), ex);
		}
		finally {
			if (!this.process.isAlive()) {
				throw new AssertionError(describe("The master exited"));
			}
		}
	}

	/**
	 * Send a signal to the master with {@code kill}.
	 * @param name the signal, e.g. {@code HUP}
	 */
	public void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new AssertionError("kill -s " + name + " " + pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Wait until exactly {@code count} workers are alive and each has answered a request
	 * on the shared port.
	 * @param port the shared port
	 * @param count the number of workers
	 * @param timeout how long to wait
	 * @return the pids of the workers that answered
	 */
	public Set<Long> awaitAnsweringPids(int port, int count, Duration timeout) {
		Set<Long> pids = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
				Set<Long> workers = workerPids();
				pids.retainAll(workers);
				List<Callable<Long>> round = Collections.nCopies(count, () -> SharedPortLoad.pidAt(port));
				for (Future<Long> pid : executor.invokeAll(round)) {
					pids.add(pid.get());
				}
				pids.remove(-1L);
				return workers.size() == count && pids.equals(workers);
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(describe(count + " workers did not all answer on port " + port + " within "
					+ timeout + " (answered: " + pids + ", alive: " + workerPids() + ")"), ex);
		}
		finally {
			executor.shutdownNow();
		}
		return new TreeSet<>(pids);
	}

	/**
	 * The live worker JVMs: the master's children.
	 * @return their pids
	 */
	public Set<Long> workerPids() {
		observe();
		return this.process.toHandle()
			.children()
			.filter(ProcessHandle::isAlive)
			.map(ProcessHandle::pid)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private void observe() {
		try {
			this.process.toHandle().descendants().forEach(this.seen::add);
		}
		catch (RuntimeException ex) {
			// A process vanished while we looked
		}
	}

	/**
	 * The tail of the output with a problem, for assertion messages.
	 * @param problem what went wrong
	 * @return the description
	 */
	public String describe(String problem) {
		// The slow requests' markers would fill the tail
		List<String> all = this.lines.stream().filter((line) -> !line.startsWith(SLOW_STARTED)).toList();
		return problem + " (master pid " + pid() + ", " + (this.process.isAlive() ? "running" : "exited") + ", log "
				+ this.log + "); last lines:\n" + String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
	}

	/**
	 * Kill the master and everything seen below it with SIGKILL, by pid, and wait.
	 */
	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Shutting down: the hook runs anyway
		}
		destroy();
	}

	private void destroy() {
		observe();
		this.process.toHandle().destroyForcibly();
		this.seen.forEach(ProcessHandle::destroyForcibly);
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
			for (ProcessHandle handle : this.seen) {
				handle.onExit().get(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("A process of master " + pid() + " survived SIGKILL", ex);
		}
	}

}
