package io.github.clustermaster.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.events.MasterLog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The class-data archives of releases, one per release and JVM (java.home, its build and
 * every JVM option of the workers' command line, since the JVM checks them). The first
 * worker of a release boots plain and, once it is ready (so that it never competes with
 * the first workers' boot), asks for its archive; a training run
 * ({@value #TRAINING_RUN}: the application runs standalone, its web server starts on a
 * free loopback port and serves one {@code GET /} to the run itself, which then halts,
 * before runners and scheduled tasks run) builds it in the background, on one
 * thread of its own, under {@code nice}; a probe JVM that must map it
 * ({@code -Xshare:on} or {@code -XX:AOTMode=on}) checks it before any worker uses it.
 * Later workers boot with it. A training run keeps about a core busy for a minute or more,
 * and so does a JVM's boot: on a host with fewer than two cores for each JVM booting and one
 * for the training, a run that starts while workers boot (the rest of the pool at start, the
 * replacements of a rolling restart) slows every one of those boots and still finishes after
 * them, so no worker of the rollout boots with it. So a training run waits until the pool
 * boots no worker (or the host has the cores to spare: {@link #workersBooting}); the
 * archive then serves every later boot: respawns, recycling, scaling, spares, and the
 * first workers of the next master, which checks it at its start ({@link #reuse}). Because the JVM only warns and runs on when it rejects an
 * archive, each launch compares the size and time of every jar on the class path with
 * those the archive was checked against: a change is logged once and the archive rebuilt.
 * <p>
 * A training run writes its archive under a temporary name, renamed into place only once
 * the run has ended by itself: a run the master ends (its quit, the training timeout)
 * leaves nothing a later master would take for an archive, and the master's quit deletes
 * what it wrote.
 *
 * @author cluster-master
 */
public final class ClassDataArchives implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ClassDataArchives.class);

	/**
	 * The system property that makes a JVM a training run: its web server starts on a free
	 * loopback port, serves one request to itself, and the JVM halts.
	 */
	public static final String TRAINING_RUN = "cluster.master.training-run";

	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(10);

	private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(1);

	/** The exit code {@link #run} answers for a process it killed at its timeout. */
	private static final int TIMED_OUT = -1;

	private static final List<String> OWN_ARCHIVE_OPTIONS = List.of("-XX:SharedArchiveFile", "-XX:AOTCache",
			"-XX:AOTMode", "-XX:AOTConfiguration", "-Xshare", "-XX:ArchiveClassesAtExit", "-XX:AOTCacheOutput");

	private static final Path NICE = Path.of("/usr/bin/nice");

	/** util-linux's: the kernel kills the training run the moment its master is gone. */
	private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

	private final boolean enabled;

	private final List<String> trainingArgs;

	private final ExecutorService executor;

	private final int cores;

	/** Where an archive built or gone stale is reported. */
	private final Consumer<MasterEvent> events;

	/** Guards {@link #booting} and {@link #waiting}. */
	private final Object gate = new Object();

	private int booting;

	/** Archives whose training waits for the pool to stop booting workers. */
	private final List<Archive> waiting = new ArrayList<>();

	private final Map<Path, Archive> archives = new ConcurrentHashMap<>();

	private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

	private volatile @Nullable Process training;

	/** The archive the training run in progress builds, if any. */
	private volatile @Nullable Archive trainingFor;

	/** Set once the master quits: a training run ended now wrote nothing usable. */
	private volatile boolean closing;

	/**
	 * Create the archives of a master.
	 * @param enabled whether workers boot with archives at all
	 * @param trainingArgs program arguments the training run gets after the workers' own
	 * @param events where an archive built or gone stale is reported (the master's events)
	 */
	public ClassDataArchives(boolean enabled, List<String> trainingArgs, Consumer<MasterEvent> events) {
		this(enabled, trainingArgs, Runtime.getRuntime().availableProcessors(), events);
	}

	ClassDataArchives(boolean enabled, List<String> trainingArgs) {
		this(enabled, trainingArgs, MasterLog::log);
	}

	ClassDataArchives(boolean enabled, List<String> trainingArgs, int cores) {
		this(enabled, trainingArgs, cores, MasterLog::log);
	}

	private ClassDataArchives(boolean enabled, List<String> trainingArgs, int cores, Consumer<MasterEvent> events) {
		this.events = events;
		this.cores = cores;
		this.enabled = enabled;
		this.trainingArgs = List.copyOf(trainingArgs);
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-master-fast-start");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * How a worker of a release starts: its command with the archive's options when a
	 * checked archive matches, else the command unchanged (and the archive is built in
	 * the background, once this worker is ready, if it is not yet).
	 * @param release the release the command launches
	 * @param command the worker's command line: java, JVM options, {@code -jar} the
	 * release's launch jar, program arguments
	 * @param env the environment the worker gets on top of the master's
	 * @return the start
	 */
	public Start plan(Release release, List<String> command, Map<String, String> env) {
		Archive archive = archive(release, command, env);
		if (archive == null) {
			return Start.plain(command);
		}
		synchronized (archive) {
			if (archive.state == State.READY) {
				String changed = archive.changed();
				if (changed == null) {
					List<String> withArchive = new ArrayList<>(command);
					withArchive.addAll(command.indexOf("-jar"), archive.mode.options(archive.file));
					return new Start(withArchive, archive.mode, Start.NOTHING);
				}
				this.events.accept(new MasterEvent.ArchiveStale(archive.mode.toString(), archive.file.toString(), changed));
				archive.state = State.NEW;
			}
		}
		if (Files.isRegularFile(archive.file)) {
			// An archive an earlier run left: checking it is cheap, no need to wait.
			startBuilding(archive);
		}
		return new Start(command, BootMode.PLAIN, () -> startBuilding(archive));
	}

	/**
	 * Check now, on the caller's thread, the archive an earlier master left for a release,
	 * so that the pool's first workers boot with it rather than plain: a JVM that must map
	 * it runs and exits (well under a second; nothing runs when there is no archive). An
	 * archive the JVM rejects is left to {@link #plan}, which rebuilds it in the
	 * background. Called by the master's start-up, before the first worker spawns, never
	 * by the supervisor.
	 * @param release the release the first workers launch
	 * @param command their command line, as for {@link #plan}
	 * @param env their environment, as for {@link #plan}
	 */
	public void reuse(Release release, List<String> command, Map<String, String> env) {
		Archive archive = archive(release, command, env);
		if (archive == null || !Files.isRegularFile(archive.file)) {
			return;
		}
		synchronized (archive) {
			if (archive.state != State.NEW) {
				return;
			}
			archive.state = State.BUILDING;
		}
		boolean reused = false;
		try {
			reused = reuse(archive);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not check the " + archive.mode + " archive " + archive.file + ": " + ex.getMessage()
					+ "; the first workers start plain");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (!reused) {
				setState(archive, State.NEW);
			}
		}
	}

	/**
	 * The archive of a release for a command line, or {@code null} when its workers boot
	 * without one (fast start off, no {@code -jar}, an archive of the user's own, a JVM
	 * whose version cannot be told).
	 */
	private @Nullable Archive archive(Release release, List<String> command, Map<String, String> env) {
		int jar = command.indexOf("-jar");
		if (!this.enabled || jar < 1) {
			return null;
		}
		List<String> jvmOptions = command.subList(1, jar);
		if (jvmOptions.stream().anyMatch((option) -> OWN_ARCHIVE_OPTIONS.stream().anyMatch(option::startsWith))) {
			warnOnce("own", "The workers' JVM options choose a class-data archive of their own; cluster-master builds none");
			return null;
		}
		JavaRuntime runtime = JavaRuntime.of(command.get(0));
		if (runtime == null) {
			warnOnce("runtime:" + command.get(0), "Cannot tell the version of " + command.get(0)
					+ " (no release file in its home); workers start without a class-data archive");
			return null;
		}
		BootMode mode = BootMode.forJdk(runtime.feature());
		Path file = archiveFile(release, runtime.key(jvmOptions), mode);
		return this.archives.computeIfAbsent(file,
				(key) -> new Archive(release, file, mode, List.copyOf(command), Map.copyOf(env)));
	}

	private void startBuilding(Archive archive) {
		synchronized (archive) {
			if (archive.state == State.NEW) {
				archive.state = State.BUILDING;
				this.executor.execute(() -> build(archive));
			}
		}
	}

	/**
	 * Whether a training run may start now; if not, the archive waits for
	 * {@link #workersBooting} to start its build again.
	 */
	private boolean mayTrainNow(Archive archive) {
		synchronized (archive) {
			synchronized (this.gate) {
				if (mayTrain()) {
					return true;
				}
				archive.state = State.WAITING;
				this.waiting.add(archive);
			}
		}
		logger.info("The " + archive.mode + " archive of " + archive.release + " is built once the pool boots no "
				+ "worker: a training run now would slow their boots on " + this.cores
				+ ((this.cores == 1) ? " core" : " cores") + " and finish after them");
		return false;
	}

	/**
	 * Say how many workers the pool is booting (starting, or about to be started by a
	 * rolling restart): training runs wait while there are more than the host's cores can
	 * boot beside a training run (two cores for each JVM), and those that waited start
	 * when there are not.
	 * @param count the workers booting
	 */
	public void workersBooting(int count) {
		List<Archive> ready;
		synchronized (this.gate) {
			this.booting = count;
			if (!mayTrain() || this.waiting.isEmpty()) {
				return;
			}
			ready = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		for (Archive archive : ready) {
			synchronized (archive) {
				if (archive.state == State.WAITING && !this.closing) {
					archive.state = State.BUILDING;
					this.executor.execute(() -> build(archive));
				}
			}
		}
	}

	private boolean mayTrain() {
		return this.booting == 0 || this.cores >= 2 * (this.booting + 1);
	}

	/**
	 * Whether a training run waits for the pool to stop booting workers.
	 * @return whether one waits
	 */
	boolean isWaiting() {
		synchronized (this.gate) {
			return !this.waiting.isEmpty();
		}
	}

	/**
	 * The archive file of a release for a JVM key, beside the release's directory.
	 */
	static Path archiveFile(Release release, String key, BootMode mode) {
		return release.directory().resolveSibling(release.directory().getFileName() + "-" + key + mode.extension());
	}

	private void build(Archive archive) {
		try {
			if (reuse(archive)) {
				return;
			}
			if (!mayTrainNow(archive)) {
				return;
			}
			// A training run that fails is not retried (the release may not boot at all); an
			// archive the JVM rejects is rebuilt once.
			for (int attempt = 1; attempt <= 2; attempt++) {
				long started = System.nanoTime();
				String failure = train(archive);
				if (this.closing) {
					return;
				}
				if (failure != null) {
					logger.warn("Could not build the " + archive.mode + " archive of " + archive.release + ": " + failure);
					break;
				}
				String rejected = probe(archive);
				if (this.closing) {
					return;
				}
				if (rejected == null) {
					ready(archive);
					this.events.accept(new MasterEvent.ArchiveBuilt(archive.mode.toString(),
							archive.release.toString(), Duration.ofNanos(System.nanoTime() - started),
							Files.size(archive.file) / (1024 * 1024), archive.file.toString()));
					return;
				}
				logger.warn("The JVM rejects the " + archive.mode + " archive just built for " + archive.release + " ("
						+ rejected + ")" + ((attempt == 1) ? "; rebuilding it" : ""));
				Files.deleteIfExists(archive.file);
			}
			logger.error("Giving up on a " + archive.mode + " archive of " + archive.release
					+ ": its workers start plain (training output in " + log(archive) + ")");
			setState(archive, State.FAILED);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Could not build the " + archive.mode + " archive of " + archive.release + ": "
					+ ex.getMessage() + "; its workers start plain");
			setState(archive, State.FAILED);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			setState(archive, State.FAILED);
		}
	}

	/** Whether the archive on disk, if any, maps: then it is ready. */
	private boolean reuse(Archive archive) throws IOException, InterruptedException {
		if (!Files.isRegularFile(archive.file) || probe(archive) != null) {
			return false;
		}
		ready(archive);
		logger.info("Reusing the " + archive.mode + " archive " + archive.file + " of " + archive.release);
		return true;
	}

	private void ready(Archive archive) throws IOException {
		Map<Path, String> stamps = stamps(archive.release.launchJar(), archive.file);
		synchronized (archive) {
			archive.stamps = stamps;
			archive.state = State.READY;
		}
	}

	private static void setState(Archive archive, State state) {
		synchronized (archive) {
			archive.state = state;
		}
	}

	/**
	 * Run the training run; {@code null} when it wrote the archive, else why not.
	 */
	private @Nullable String train(Archive archive) throws IOException, InterruptedException {
		Path output = trainingOutput(archive);
		Files.deleteIfExists(output);
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(SETPRIV)) {
			command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
		}
		if (Files.isExecutable(NICE)) {
			command.addAll(List.of(NICE.toString(), "-n", "10"));
		}
		int jar = archive.command.indexOf("-jar");
		command.addAll(archive.command.subList(0, jar));
		command.addAll(archive.mode.trainingOptions(output));
		// Standalone, so it neither forks nor meets the master nor inherits its socket; its web
		// server on a free loopback port, one request, and it halts before runners and
		// scheduled tasks (TrainingRunListener)
		command.add("-D" + TRAINING_RUN + "=true");
		command.add("-Dcluster.master.enabled=false");
		// ... and ends once its master is gone, even by SIGKILL, where setpriv is missing
		command.add("-Dcluster.master.parent-pid=" + ProcessHandle.current().pid());
		command.addAll(archive.command.subList(jar, archive.command.size()));
		command.addAll(this.trainingArgs);
		logger.info("Building the " + archive.mode + " archive of " + archive.release
				+ " in the background: a training run of the application that stops once its web server, on a free "
				+ "loopback port, has served one request");
		int code;
		this.trainingFor = archive;
		try {
			code = run(command, archive.env, log(archive), TRAINING_TIMEOUT);
		}
		finally {
			this.trainingFor = null;
		}
		if (this.closing || code == TIMED_OUT) {
			// Killed: what it wrote, if anything, may be cut short
			Files.deleteIfExists(output);
			return this.closing ? "the master is quitting"
					: "the training run did not end within " + TRAINING_TIMEOUT.toMinutes() + " minutes";
		}
		if (!Files.isRegularFile(output)) {
			return "the training run exited with code " + code + " and wrote no archive; its last line: "
					+ ReleaseCache.lastLine(log(archive));
		}
		Files.move(output, archive.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return null;
	}

	/**
	 * Check that a JVM with the workers' options can map the archive; {@code null} if it
	 * can, else the JVM's reason.
	 */
	private @Nullable String probe(Archive archive) throws IOException, InterruptedException {
		int jar = archive.command.indexOf("-jar");
		List<String> command = new ArrayList<>(archive.command.subList(0, jar));
		command.addAll(archive.mode.strictOptions(archive.file));
		command.addAll(List.of("-cp", archive.release.launchJar().toString(), "-version"));
		Path log = archive.file.resolveSibling(archive.file.getFileName() + ".probe.log");
		int code = run(command, Map.of(), log, PROBE_TIMEOUT);
		if (code == 0) {
			return null;
		}
		List<String> lines = Files.readAllLines(log);
		return lines.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("Error occurred during initialization"))
			.findFirst()
			.orElse("exit code " + code);
	}

	private int run(List<String> command, Map<String, String> env, Path log, Duration timeout)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(env);
		builder.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		if (this.closing) {
			throw new InterruptedException("The master is quitting");
		}
		Process process = builder.start();
		this.training = process;
		try {
			if (this.closing) {
				// close() ran while it started
				kill(process);
				return TIMED_OUT;
			}
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				kill(process);
				return TIMED_OUT;
			}
			return process.exitValue();
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
			this.training = null;
		}
	}

	private static Path log(Archive archive) {
		return archive.file.resolveSibling(archive.file.getFileName() + ".log");
	}

	/**
	 * Size and time of every jar the JVM matches against the archive (the launch jar and
	 * the libraries its manifest names), and of the archive itself.
	 */
	static Map<Path, String> stamps(Path launchJar, Path archive) throws IOException {
		Map<Path, String> stamps = new LinkedHashMap<>();
		stamps.put(launchJar, stamp(launchJar));
		try (JarFile jar = new JarFile(launchJar.toFile())) {
			Manifest manifest = jar.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH)
					: null;
			if (classPath != null) {
				Path base = Objects.requireNonNull(launchJar.getParent());
				for (String entry : classPath.trim().split("\\s+")) {
					Path library = base.resolve(entry);
					stamps.put(library, stamp(library));
				}
			}
		}
		stamps.put(archive, stamp(archive));
		return stamps;
	}

	private static String stamp(Path file) {
		try {
			return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException ex) {
			return "missing";
		}
	}

	private void warnOnce(String key, String message) {
		if (this.warned.putIfAbsent(key, Boolean.TRUE) == null) {
			logger.warn(message);
		}
	}

	/**
	 * Stop building: the training run in progress, if any, is killed (with the JVMs it
	 * started: the AOT cache's assembly) and what it wrote deleted, so that no later
	 * master finds a partial archive; logged, since the release keeps booting plain until
	 * a later master builds its archive.
	 */
	@Override
	public void close() {
		this.closing = true;
		// Read before the interrupt: the interrupted build thread forgets its run at once
		Process training = this.training;
		Archive archive = this.trainingFor;
		this.executor.shutdownNow();
		if (training != null && training.isAlive()) {
			if (archive != null) {
				logger.info("Stopped the training run of " + archive.release + ": the master is quitting; its "
						+ archive.mode + " archive is built by the next master that runs it");
			}
			try {
				kill(training);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (archive != null) {
			try {
				Files.deleteIfExists(trainingOutput(archive));
			}
			catch (IOException ex) {
				logger.warn("Could not delete the partial archive " + trainingOutput(archive) + ": " + ex.getMessage());
			}
		}
	}

	/** Kill a process and the processes it started, and wait a little for it to end. */
	private static void kill(Process process) throws InterruptedException {
		process.descendants().forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Whether a training run is in progress.
	 * @return whether one runs
	 */
	boolean isTraining() {
		Process training = this.training;
		return training != null && training.isAlive();
	}

	/** Where a training run writes the archive before it is renamed into place. */
	private static Path trainingOutput(Archive archive) {
		return trainingOutput(archive.file);
	}

	static Path trainingOutput(Path archiveFile) {
		return archiveFile.resolveSibling(archiveFile.getFileName() + ".tmp");
	}

	/**
	 * A worker's start.
	 *
	 * @param command the command line
	 * @param mode how it boots
	 * @param whenReady what to run once the worker is ready: start building the archive it
	 * could not boot with
	 */
	public record Start(List<String> command, BootMode mode, Runnable whenReady) {

		static final Runnable NOTHING = () -> {
		};

		static Start plain(List<String> command) {
			return new Start(command, BootMode.PLAIN, NOTHING);
		}

	}

	private enum State {

		NEW, WAITING, BUILDING, READY, FAILED

	}

	private static final class Archive {

		final Release release;

		final Path file;

		final BootMode mode;

		final List<String> command;

		final Map<String, String> env;

		State state = State.NEW;

		Map<Path, String> stamps = Map.of();

		Archive(Release release, Path file, BootMode mode, List<String> command, Map<String, String> env) {
			this.release = release;
			this.file = file;
			this.mode = mode;
			this.command = command;
			this.env = env;
		}

		/** The first jar (or the archive) whose size or time changed, or {@code null}. */
		@Nullable String changed() {
			for (Map.Entry<Path, String> entry : this.stamps.entrySet()) {
				if (!stamp(entry.getKey()).equals(entry.getValue())) {
					return entry.getKey().toString();
				}
			}
			return null;
		}

	}

}
