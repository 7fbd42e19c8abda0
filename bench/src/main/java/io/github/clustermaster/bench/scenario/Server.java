package io.github.clustermaster.bench.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.github.clustermaster.bench.measure.MasterLog;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;

/**
 * One started app JVM (plain, or a master) on the bench's own {@code java}, quiet, its
 * output in a log file; the harness stops it and its descendants, also on Ctrl-C.
 *
 * @author cluster-master
 */
final class Server implements AutoCloseable {

	static final Duration READY_TIMEOUT = Duration.ofSeconds(360);

	static final Duration RESTART_TIMEOUT = Duration.ofSeconds(300);

	static final Duration ARCHIVE_TIMEOUT = Duration.ofSeconds(300);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	/**
	 * A JVM does not handle a signal that was ignored when it started (SIGHUP under
	 * {@code nohup}), so the servers get the default dispositions back where {@code env} can.
	 */
	private static final boolean DEFAULT_SIGNALS = envRestoresSignals();

	final Config config;

	final int port;

	final ClusterProcess process;

	/** The generation the master's workers run, as this bench asked for it. */
	private int generation = 1;

	private Server(Config config, int port, ClusterProcess process) {
		this.config = config;
		this.port = port;
		this.process = process;
	}

	static Server start(Config config, Path jar, int port, Path log) {
		String name = log.getFileName().toString().replaceFirst("\\.log$", "");
		ClusterProcess.Builder builder = ClusterProcess.jar(jar)
			.name(name)
			.quiet()
			.logFile(log)
			// A sample walks the process table: rarely, not to take CPU from what is measured
			.sampleInterval(Duration.ofSeconds(5))
			.jvmArgs(config.jvmArgs().toArray(String[]::new))
			.args("--server.port=" + port)
			.args(config.args().toArray(String[]::new));
		return new Server(config, port, (DEFAULT_SIGNALS ? builder.defaultSignals() : builder).start());
	}

	private static boolean envRestoresSignals() {
		try {
			Process probe = new ProcessBuilder("env", "--default-signal=HUP,INT,TERM", "true").start();
			return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	long pid() {
		return this.process.pid();
	}

	/** What the output says so far. */
	MasterLog log() {
		return new MasterLog(this.process.output(), this.process.events());
	}

	void signal(String name) {
		this.process.signal(name);
	}

	/** Wait until as many distinct pids answer {@code GET /} as the configuration has. */
	void awaitReady() throws InterruptedException {
		Set<Long> pids = new HashSet<>();
		until("answer from " + this.config.answering() + " pids", READY_TIMEOUT, 10, () -> {
			answer().ifPresent(pids::add);
			return pids.size() >= this.config.answering();
		});
	}

	/**
	 * Wait until every worker answers {@code GET /release} with this release, a few times
	 * over (new connections, so the kernel spreads them).
	 */
	void awaitRelease(String release) throws InterruptedException {
		Set<Long> pids = new HashSet<>();
		int[] inARow = { 0 };
		until("answer /release with " + release + " from every worker", READY_TIMEOUT, 0, () -> {
			HttpResult answer = Http.get(this.port, "/release");
			if (answer.isOk() && answer.body().trim().endsWith("release " + release)) {
				pids.add(Http.pidOf(answer.body()));
				inARow[0]++;
			}
			else {
				pids.clear();
				inARow[0] = 0;
			}
			return pids.size() >= this.config.answering() && inARow[0] >= 8 * this.config.answering();
		});
	}

	/**
	 * Wait until the master's workers can boot fast: one booted with an archive, or the
	 * archive was built; answer the line that says so (also when it could not be built).
	 */
	String awaitFastStart() throws InterruptedException {
		return await("log that its archive is built", ARCHIVE_TIMEOUT, 200, () -> log().fastStart());
	}

	/** Wait until the master says the rolling restart to the next generation is done; answer its seconds. */
	double awaitRollingRestart() throws InterruptedException {
		this.generation++;
		int next = this.generation;
		return await("log 'Rolling restart to generation " + next + " done'", RESTART_TIMEOUT, 100,
				() -> log().rollingRestart(next));
	}

	/** Wait for a condition, checked every {@code pollMillis}; fail early when the process exits. */
	void until(String what, Duration timeout, long pollMillis, BooleanSupplier done) throws InterruptedException {
		await(what, timeout, pollMillis, () -> done.getAsBoolean() ? Optional.of(true) : Optional.empty());
	}

	/** Wait until a value is found, looked for every {@code pollMillis}; fail early when the process exits. */
	<T> T await(String what, Duration timeout, long pollMillis, Supplier<Optional<T>> found)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Optional<T> value = found.get();
			if (value.isPresent()) {
				return value.get();
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.config.label() + " exited with code "
						+ this.process.awaitExit(Duration.ZERO) + " before it could " + what + "; see "
						+ this.process.logFile());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.config.label() + " did not " + what + " in time; see " + this.process.logFile());
			}
			Thread.sleep(pollMillis);
		}
	}

	/** The pid that answered {@code GET /} on a new connection, or empty on a failure. */
	Optional<Long> answer() {
		HttpResult answer = Http.get(this.port, "/");
		return answer.isOk() ? Http.findPid(answer.body()).stream().boxed().findFirst() : Optional.empty();
	}

	/** Stop gracefully (SIGTERM: a master then stops its workers), then kill what is left. */
	@Override
	public void close() {
		this.process.stop(STOP_GRACE);
	}

}
