import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Benchmarks the sample app under cluster-master, every figure from real processes on free
 * loopback ports:
 * <ol>
 * <li>a worker's spawn → ready, plain against fast start (a class-data archive), on an idle
 * machine: a master of one worker restarted again and again, the times read from its log;
 * and the same for the sample processed by Spring AOT ({@code -Dspring.aot.enabled=true})
 * with its archive, against plain;</li>
 * <li>throughput measured by {@code wrk}: one plain JVM against a master of two workers,
 * keep-alive and a new connection per request;</li>
 * <li>a rolling restart of four workers under constant load with {@code max-surge} 1 and 4,
 * then the deploy of a second release (a new jar moved over the deploy path, SIGHUP): time
 * and failed requests, counted by a client of our own that sees every refusal and reset;
 * then the deploy of a new release to four workers with max-surge 2, and when its archive's
 * training run ran against that rollout;</li>
 * <li>memory: RSS of the master and its workers, and what the master's heap, metaspace and
 * native memory hold.</li>
 * </ol>
 * Its last line is one JSON object with the figures. Run it with {@code bench/run}: the first
 * argument is the sample jar, the others are options ({@code bench/run --help}).
 *
 * @author cluster-master
 */
public final class ClusterBench {

	static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
	static final int CONNECT_TIMEOUT_MILLIS = 2_000;
	static final int READ_TIMEOUT_MILLIS = 10_000;
	static final int LOAD_THREADS = 4;
	static final long LOAD_PAUSE_MILLIS = 5;
	static final long STEADY_MILLIS = 2_000;
	static final long IDLE_MILLIS = 1_000;
	static final int ROLLOUT_SIZE = 4;
	static final int THROUGHPUT_SIZE = 2;
	/** The session step warms each server in windows of this length until it is steady. */
	static final int SESSION_WARMUP_WINDOW_SECONDS = 5;

	/** Steady: a warm-up window within this share of the one before. */
	static final double SESSION_STEADY = 0.05;

	/** The most a server is warmed before it is measured as it is. */
	static final int SESSION_WARMUP_MAX_SECONDS = 150;
	static final String SESSION_PASSWORD = "bench-sessions";
	static final String USAGE = "usage: bench/run [--build] [--java PATH] [--quick] [--sessions-only] [--spares-only] "
			+ "[--warmup-only] [--deploy-only] [--aot-only] [--spawn-only] [--samples=7] [--kills=5] [--restarts=2] [--rounds=3] [--warmup=30] [--window=10] "
			+ "[--connections=8]";

	/** Set by the shutdown hook: Ctrl-C or SIGTERM, not a failure of the run. */
	private static volatile boolean interrupted;

	private final Path jar;

	private final Path logs;

	/**
	 * The deploy path of the masters that build and use an archive: a copy of the jar, which
	 * the deploy replaces with release 2.
	 */
	private final Path current;

	private final Options options;

	/** The figures of the last line, in the order they were measured. */
	private final Map<String, Object> json = new LinkedHashMap<>();

	private final List<String> verdicts = new ArrayList<>();

	/** Seconds each step took. */
	private final Map<String, Double> elapsed = new LinkedHashMap<>();

	private final long started = System.nanoTime();

	ClusterBench(Path jar, Path logs, Options options) {
		this.jar = jar;
		this.logs = logs;
		this.current = logs.resolve("deploy/current/app.jar");
		this.options = options;
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0 || Arrays.asList(args).contains("--help")) {
			System.out.println(USAGE);
			System.exit(args.length == 0 ? 2 : 0);
		}
		Options options = null;
		try {
			options = Options.parse(Arrays.asList(args).subList(1, args.length));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("bench/run: " + ex.getMessage() + " (see --help)");
			System.exit(2);
		}
		Path source = Path.of(args[0]);
		Path logs = Files.createDirectories(Path.of("/tmp", "cluster-bench-"
				+ LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		// A copy, so that a rebuild during the run cannot change the jar under the workers.
		Path jar = Files.copy(source, logs.resolve("app.jar"), StandardCopyOption.COPY_ATTRIBUTES);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			interrupted = true;
			cleanUp(logs);
		}, "clean-up"));
		ClusterBench bench = new ClusterBench(jar, logs, options);
		int code = 0;
		try {
			bench.run(source);
		}
		catch (Exception ex) {
			// On Ctrl-C the hook stops the servers under the run, which then sees them exit
			String why = interrupted ? "interrupted" : "failed: " + ex.getMessage();
			System.err.println("bench/run: " + why + " (logs in " + logs + ")");
			bench.json.put("error", why);
			System.out.println(json(bench.json));
			code = 1;
		}
		finally {
			cleanUp(logs);
		}
		System.exit(code);
	}

	/**
	 * Stop every server and helper process still running, then delete the jars and release
	 * caches (the logs stay); also on Ctrl-C.
	 */
	static void cleanUp(Path logs) {
		Server.stopAll();
		Tool.stopAll();
		try (Stream<Path> files = Files.walk(logs)) {
			files.sorted(Comparator.reverseOrder())
				.filter((file) -> !file.toString().endsWith(".log") && !file.equals(logs))
				.filter((file) -> !Files.isDirectory(file) || isEmpty(file))
				.forEach((file) -> file.toFile().delete());
		}
		catch (IOException | RuntimeException ex) {
			// left in the log directory
		}
	}

	private static boolean isEmpty(Path directory) {
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
		catch (IOException ex) {
			return false;
		}
	}

	void run(Path source) throws Exception {
		Files.createDirectories(this.current.getParent());
		Files.copy(this.jar, this.current, StandardCopyOption.COPY_ATTRIBUTES);
		header(source);
		// The steps in the order of a whole run, by name: an --X-only option runs its step alone
		Map<String, Step> steps = new LinkedHashMap<>();
		steps.put("spawn", this::spawn);
		steps.put("spawn-aot", this::spawnAot);
		steps.put("respawn", this::respawn);
		steps.put("throughput", this::throughput);
		steps.put("sessions", this::sessions);
		steps.put("rollout", this::rollout);
		steps.put("warmup", this::warmupBeforeTraffic);
		steps.put("deploy", this::deployNewRelease);
		steps.put("canary", this::canary);
		steps.put("nmt", this::nativeMemory);
		for (Map.Entry<String, Step> step : steps.entrySet()) {
			if (this.options.only() == null || this.options.only().equals(step.getKey())) {
				step(step.getKey(), step.getValue());
			}
		}
		summary();
	}

	/** Run one step and keep how long it took, so a run shows where its time goes. */
	private void step(String name, Step step) throws Exception {
		long start = System.nanoTime();
		step.run();
		this.elapsed.put(name, (System.nanoTime() - start) / 1e9);
	}

	interface Step {

		void run() throws Exception;

	}

	private void header(Path source) throws IOException {
		int cores = Runtime.getRuntime().availableProcessors();
		print("cluster-master benchmark, %s UTC%s", LocalDateTime.now(ZoneOffset.UTC).withNano(0),
				this.options.quick() ? " (--quick: fewer samples, shorter windows)" : "");
		print("java %s (%s, %s), %s %s, %d cores, load average %s at start", Runtime.version(),
				System.getProperty("java.vm.name"), System.getProperty("java.home"), System.getProperty("os.name"),
				System.getProperty("os.version"), cores, loadAverage());
		print("jar %s (built %s UTC), run from copies in %s", source,
				LocalDateTime.ofInstant(Files.getLastModifiedTime(source).toInstant(), ZoneOffset.UTC).withNano(0),
				this.logs);
		print("every process runs on this machine, the load generators too; the masters' release caches "
				+ "(cluster.master.cache-dir) are new directories in that one, so nothing is left from earlier runs");
		this.json.put("java", Runtime.version().toString());
		this.json.put("java_feature", Runtime.version().feature());
		this.json.put("cores", cores);
		this.json.put("load_average_start", number(loadAverage()));
		this.json.put("quick", this.options.quick());
	}

	// ---- 1. spawn -> ready, plain against fast, idle ----

	private void spawn() throws Exception {
		print("");
		print("1. spawn -> ready of one worker, no load: a master of 1 worker, %s, each replacing the worker "
				+ "(times from the master's log: 'Started Worker' to 'is ready')",
				plural(this.options.samples(), "rolling restart"));
		List<Spawn> plain = spawnSamples("plain", false);
		List<Spawn> fast = spawnSamples("fast", true);
		double plainMillis = median(plain, Spawn::millis);
		double fastMillis = median(fast, Spawn::millis);
		String mode = fast.stream().map(Spawn::mode).distinct().collect(Collectors.joining("+"));
		double ratio = fastMillis / plainMillis;
		double limit = (Runtime.version().feature() >= 25) ? 0.5 : 0.6;
		print("  %-32s %,6.0f ms median of %d  %s", "plain (fast-start=false)", plainMillis, plain.size(),
				millis(plain));
		print("  %-32s %,6.0f ms median of %d  %s   ratio %.2f", "fast (fast-start=true: " + mode + ")", fastMillis,
				fast.size(), millis(fast), ratio);
		this.verdicts.add(verdict("spawn_fast <= " + limit + " x spawn_plain on JDK " + Runtime.version().feature(),
				ratio <= limit, String.format(Locale.US, "%.2f (%,.0f / %,.0f ms, fast mode %s)", ratio, fastMillis,
						plainMillis, mode)));
		this.json.put("spawn_plain_ms", Math.round(plainMillis));
		this.json.put("spawn_fast_ms", Math.round(fastMillis));
		this.json.put("fast_mode", mode);
		this.json.put("spawn_ratio", round(ratio, 2));
		this.json.put("spawn_samples", Math.min(plain.size(), fast.size()));
		bootBreakdown("plain", log("spawn-plain"));
		bootBreakdown("fast", log("spawn-fast"));
	}

	/** A worker's boot in phases, from the timestamps of the master's and the worker's lines. */
	static final List<String> BOOT_PHASES = List.of("main", "web_server", "started", "ready");

	private static final Pattern LOG_LINE = Pattern.compile("^(\\S+)\\s+[A-Z]+\\s+(\\d+) --- .*? : (.*)$",
			Pattern.MULTILINE);

	private static final Pattern MASTER_STARTED = Pattern.compile("^Started Worker \\d+ \\(pid (\\d+)\\) in generation (\\d+)");

	private static final Pattern MASTER_READY = Pattern.compile("^Worker \\d+ \\(pid (\\d+)\\) is ready after");

	/**
	 * Print and keep the medians of a worker's boot phases (the replacements of the
	 * rolling restarts of a spawn step): spawn to the worker's "Starting" line (the JVM's
	 * start, the launcher, logging), to its web server's "started on port" (the context's
	 * refresh up to the server's start), to Boot's "Started … in" (the end of the refresh),
	 * and to the master's "is ready after" (runners, ready event, the worker's report over
	 * IPC). JSON keys {@code boot_<name>_<phase>_ms}.
	 */
	private void bootBreakdown(String name, Path log) throws IOException {
		Map<Long, long[]> times = new LinkedHashMap<>();
		Matcher line = LOG_LINE.matcher(Files.readString(log));
		while (line.find()) {
			long at;
			try {
				at = OffsetDateTime.parse(line.group(1)).toInstant().toEpochMilli();
			}
			catch (DateTimeParseException ex) {
				continue;
			}
			long pid = Long.parseLong(line.group(2));
			String message = line.group(3);
			Matcher started = MASTER_STARTED.matcher(message);
			Matcher ready = MASTER_READY.matcher(message);
			if (started.find()) {
				if (Integer.parseInt(started.group(2)) > 1) {
					times.put(Long.parseLong(started.group(1)), new long[] { at, 0, 0, 0, 0 });
				}
			}
			else if (ready.find()) {
				phase(times, Long.parseLong(ready.group(1)), 4, at);
			}
			else if (message.startsWith("Starting ") && message.contains(" with PID " + pid)) {
				phase(times, pid, 1, at);
			}
			else if (message.matches("(Tomcat|Jetty|Netty) started on port.*")) {
				phase(times, pid, 2, at);
			}
			else if (message.matches("Started \\S+ in [0-9.]+ seconds.*")) {
				phase(times, pid, 3, at);
			}
		}
		List<long[]> complete = times.values().stream().filter((t) -> Arrays.stream(t).allMatch((v) -> v > 0)).toList();
		if (complete.isEmpty()) {
			print("  boot breakdown %s: no worker with every line (another logging pattern?)", name);
			return;
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < BOOT_PHASES.size(); i++) {
			int phase = i + 1;
			List<Double> millis = complete.stream().map((t) -> (double) (t[phase] - t[phase - 1])).toList();
			double median = median(millis, (value) -> value);
			this.json.put("boot_" + name + "_" + BOOT_PHASES.get(i) + "_ms", Math.round(median));
			text.append(String.format(Locale.US, "  %s %,.0f", BOOT_PHASES.get(i), median));
		}
		print("  boot breakdown %-6s (ms, medians of %d, each from the phase before):%s", name, complete.size(), text);
	}

	private static void phase(Map<Long, long[]> times, long pid, int phase, long at) {
		long[] t = times.get(pid);
		if (t != null && t[phase] == 0) {
			t[phase] = at;
		}
	}

	/**
	 * Restart a master of one worker {@code samples} times without load and answer the
	 * replacements' spawn → ready; a fast one first waits for its archive, so every
	 * replacement boots with it.
	 */
	private List<Spawn> spawnSamples(String name, boolean fastStart) throws Exception {
		// The fast master builds the archive that the masters of the rolling restarts (the same
		// release, deploy path, JVM and cache) then find ready.
		return spawnSamples(name, fastStart ? this.current : this.jar, List.of(), fastStart,
				cache(fastStart ? "rollout" : "spawn-plain"));
	}

	private List<Spawn> spawnSamples(String name, Path jar, List<String> jvmArgs, boolean fastStart, Path cache)
			throws Exception {
		Config config = Config.master("spawn " + name, 1, jvmArgs,
				List.of("--cluster.master.fast-start=" + fastStart, "--cluster.master.cache-dir=" + cache));
		Server server = Server.start(config, jar, freePort(), log("spawn-" + name));
		try {
			server.awaitReady();
			if (fastStart) {
				print("  fast: %s", server.awaitFastStart());
			}
			for (int i = 1; i <= this.options.samples(); i++) {
				Thread.sleep(IDLE_MILLIS);
				server.signal("HUP");
				server.awaitRollingRestart();
			}
			return server.spawns().stream().filter((spawn) -> spawn.generation() > 1).toList();
		}
		finally {
			server.stop();
		}
	}

	// ---- 1c. spawn -> ready of a Spring AOT application with its archive, against plain ----

	/**
	 * The sample processed by Spring AOT ({@code sample-app -Paot}, built by bench/run):
	 * masters and workers started with {@code -Dspring.aot.enabled=true}, the workers on the
	 * generated code and the class-data archive of its own training run.
	 */
	private void spawnAot() throws Exception {
		String property = System.getProperty("bench.aot-jar");
		print("");
		if (property == null || !Files.isRegularFile(Path.of(property))) {
			print("1c. spawn -> ready with Spring AOT: skipped, no jar processed by Spring AOT (bench/run builds it "
					+ "with mvn -Paot -pl sample-app -am package)");
			return;
		}
		print("1c. spawn -> ready of one worker of the sample processed by Spring AOT (-Dspring.aot.enabled=true) "
				+ "with its archive (fast-start=true), no load, %s; against plain", plural(this.options.samples(),
						"rolling restart"));
		if (!(this.json.get("spawn_plain_ms") instanceof Long)) {
			List<Spawn> plain = spawnSamples("plain", false);
			this.json.put("spawn_plain_ms", Math.round(median(plain, Spawn::millis)));
			print("  %-32s %,6.0f ms median of %d  %s", "plain (fast-start=false)", median(plain, Spawn::millis),
					plain.size(), millis(plain));
		}
		double plainMillis = (Long) this.json.get("spawn_plain_ms");
		Path deploy = Files.createDirectories(this.logs.resolve("deploy-aot/current")).resolve("app.jar");
		Files.copy(Path.of(property), deploy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
		List<Spawn> aot = spawnSamples("aot", deploy, List.of("-Dspring.aot.enabled=true"), true, cache("aot"));
		String output = Files.readString(log("spawn-aot"));
		boolean generated = output.contains("Starting AOT-processed");
		double aotMillis = median(aot, Spawn::millis);
		String mode = aot.stream().map(Spawn::mode).distinct().collect(Collectors.joining("+"));
		double ratio = aotMillis / plainMillis;
		int feature = Runtime.version().feature();
		print("  %-32s %,6.0f ms median of %d  %s   ratio %.2f%s", "Spring AOT + " + mode, aotMillis, aot.size(),
				millis(aot), ratio, generated ? "" : "  (NO worker logged 'Starting AOT-processed')");
		if (feature >= 25) {
			this.verdicts.add(verdict("spawn_aot <= 0.35 x spawn_plain on JDK 25", ratio <= 0.35 && generated,
					String.format(Locale.US, "%.2f (%,.0f / %,.0f ms, %s)", ratio, aotMillis, plainMillis, mode)));
		}
		else {
			print("  (the target, 0.35 x plain, is JDK 25's: run with --java and a JDK 25 for it)");
		}
		this.json.put("spawn_aot_ms", Math.round(aotMillis));
		this.json.put("spawn_aot_java", feature);
		this.json.put("spawn_aot_mode", mode);
		this.json.put("spawn_aot_ratio", round(ratio, 2));
		this.json.put("spawn_aot_generated_code", generated);
		this.json.put("spawn_aot_samples", aot.size());
	}

	private static String millis(List<Spawn> spawns) {
		return spawns.stream()
			.map((spawn) -> String.format(Locale.US, "%,.0f", spawn.millis()))
			.collect(Collectors.joining(" ", "(", " ms)"));
	}

	// ---- 1b. kill -9 of a worker: pool full again, with a hot spare and without ----

	private static final Pattern SPARE_READY = Pattern.compile("Spare worker \\d+ \\(pid (\\d+)\\) is ready after");

	private void respawn() throws Exception {
		int kills = this.options.kills();
		print("");
		print("1b. kill -9 of one of 2 workers, no load, %s per master: time from the kill until 2 workers answer "
				+ "again (GET / on new connections, one after the other), with cluster.master.spares=1 (a spare is "
				+ "promoted; a new one boots behind it before the next kill; by default it warmed up with GET / before "
				+ "it said ready), the same with a cold spare (cluster.master.warmup.spares=false) and with spares=0 "
				+ "(a boot)",
				plural(kills, "kill"));
		List<Double> spare = respawnSamples(true, kills, true);
		List<Double> cold = respawnSamples(true, kills, false);
		List<Double> plain = respawnSamples(false, kills, false);
		double spareMillis = median(spare, Double::doubleValue);
		double coldMillis = median(cold, Double::doubleValue);
		double plainMillis = median(plain, Double::doubleValue);
		print("  %-32s %,8.0f ms median of %d  %s", "spares=1 (promoted)", spareMillis, spare.size(),
				joinMillis(spare));
		print("  %-32s %,8.0f ms median of %d  %s", "spares=1, cold (promoted)", coldMillis, cold.size(),
				joinMillis(cold));
		print("  %-32s %,8.0f ms median of %d  %s", "spares=0 (booted)", plainMillis, plain.size(),
				joinMillis(plain));
		this.verdicts.add(verdict("respawn_spare <= 100 ms", spareMillis <= 100,
				String.format(Locale.US, "%,.0f ms (a cold spare: %,.0f ms; without a spare: %,.0f ms)", spareMillis,
						coldMillis, plainMillis)));
		this.json.put("respawn_spare_ms", Math.round(spareMillis));
		this.json.put("respawn_spare_cold_ms", Math.round(coldMillis));
		this.json.put("respawn_plain_ms", Math.round(plainMillis));
		this.json.put("respawn_samples", Math.min(spare.size(), plain.size()));
	}

	private static String joinMillis(List<Double> values) {
		return values.stream()
			.map((value) -> String.format(Locale.US, "%,.0f", value))
			.collect(Collectors.joining(" ", "(", " ms)"));
	}

	/**
	 * Kill one worker of a master of two {@code kills} times, idle, and answer each time
	 * from the kill until two workers answer again. With a spare, each kill waits for a
	 * ready spare first, and the new worker that answers must be that spare.
	 */
	private List<Double> respawnSamples(boolean spare, int kills, boolean warmup) throws Exception {
		String name = "respawn-" + (spare ? "spare" : "plain") + ((spare && !warmup) ? "-cold" : "");
		List<String> args = new ArrayList<>(List.of("--cluster.master.spares=" + (spare ? 1 : 0),
				"--cluster.master.min-restart-age=1s", "--cluster.master.fast-start=false",
				"--cluster.master.cache-dir=" + cache(name)));
		if (spare && !warmup) {
			// By default a spare serves GET / to itself before it is ready, so a promoted spare answers warm
			args.add("--cluster.master.warmup.spares=false");
		}
		Config config = Config.master(name, 2, List.of(), args);
		Server server = Server.start(config, this.jar, freePort(), log(name));
		List<Double> samples = new ArrayList<>();
		try {
			server.awaitReady();
			Set<String> seenSpares = new HashSet<>();
			for (int i = 0; i < kills; i++) {
				String sparePid = spare ? awaitSpare(server, seenSpares) : null;
				Set<String> pids = answering(server, 2);
				String victim = pids.iterator().next();
				pids.remove(victim);
				Thread.sleep(IDLE_MILLIS);
				ProcessHandle process = ProcessHandle.of(Long.parseLong(victim))
					.orElseThrow(() -> new IllegalStateException("worker pid " + victim + " is gone before its kill"));
				long killed = System.nanoTime();
				process.destroyForcibly();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Server.READY_TIMEOUT_SECONDS);
				while (pids.size() < 2) {
					server.check(deadline, "2 workers answering after kill -9 of " + victim);
					try (Connection connection = Connection.open(server.port)) {
						Response response = connection.get(true);
						if (response.status() == 200 && !response.pid().equals(victim)) {
							pids.add(response.pid());
						}
					}
					catch (IOException ex) {
						Thread.sleep(1);
					}
				}
				double took = (System.nanoTime() - killed) / 1e6;
				if (spare && !pids.contains(sparePid)) {
					throw new IllegalStateException("The pool was full again without the spare " + sparePid + ": "
							+ pids);
				}
				samples.add(took);
			}
			return samples;
		}
		finally {
			server.stop();
		}
	}

	/** Wait for a spare this run has not seen ready yet, and answer its pid. */
	private static String awaitSpare(Server server, Set<String> seen) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Server.READY_TIMEOUT_SECONDS);
		while (true) {
			Matcher ready = SPARE_READY.matcher(Files.readString(server.log));
			while (ready.find()) {
				if (seen.add(ready.group(1))) {
					return ready.group(1);
				}
			}
			server.check(deadline, "a new ready hot spare");
			Thread.sleep(100);
		}
	}

	/** Send {@code GET /} on new connections until that many distinct pids answered. */
	private static Set<String> answering(Server server, int count) throws Exception {
		Set<String> pids = new LinkedHashSet<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Server.READY_TIMEOUT_SECONDS);
		while (pids.size() < count) {
			server.check(deadline, count + " workers answering");
			try (Connection connection = Connection.open(server.port)) {
				Response response = connection.get(true);
				if (response.status() == 200) {
					pids.add(response.pid());
				}
			}
			catch (IOException ex) {
				Thread.sleep(10);
			}
		}
		return pids;
	}

	// ---- 2. throughput, by wrk ----

	private void throughput() throws Exception {
		print("");
		print("2. throughput by wrk (%d threads, %s, on 127.0.0.1), %s on fresh JVMs, each window %d s after %d s "
				+ "of the same load unmeasured (the JIT's warm-up)", Wrk.threads(this.options.connections()),
				plural(this.options.connections(), "connection"), plural(this.options.rounds(), "round"),
				this.options.window(), this.options.warmup());
		Config baseline = new Config("baseline (1 JVM)", List.of(), List.of("--cluster.master.enabled=false"), 1,
				false);
		Config cluster = Config.master("cluster (" + THROUGHPUT_SIZE + " workers)", THROUGHPUT_SIZE, List.of(),
				List.of("--cluster.master.fast-start=false", "--cluster.master.cache-dir=" + cache("throughput")));
		List<Double> fatJar = new ArrayList<>();
		List<Double> keptShares = new ArrayList<>();
		List<Double> renewedShares = new ArrayList<>();
		Map<Config, List<Wrk>> kept = new HashMap<>(Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		Map<Config, List<Wrk>> renewed = new HashMap<>(
				Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		for (int round = 1; round <= this.options.rounds(); round++) {
			for (Config config : (round % 2 == 1) ? List.of(baseline, cluster) : List.of(cluster, baseline)) {
				String name = ((config == baseline) ? "baseline" : "cluster") + "-round-" + round;
				Server server = Server.start(config, this.jar, freePort(), log(name));
				try {
					server.awaitReady();
					if (config == baseline) {
						fatJar.addAll(server.plainStartSeconds());
					}
					boolean clustered = config == cluster;
					wrk(server, true, this.options.warmup(), name + "-keepalive-warmup");
					Map<Integer, Long> before = clustered ? requestsByWorker(server.port) : Map.of();
					kept.get(config).add(wrk(server, true, this.options.window(), name + "-keepalive"));
					if (clustered) {
						keptShares.add(unevenness(before, requestsByWorker(server.port)));
					}
					wrk(server, false, Math.max(2, this.options.warmup() / 5), name + "-close-warmup");
					before = clustered ? requestsByWorker(server.port) : Map.of();
					renewed.get(config).add(wrk(server, false, this.options.window(), name + "-close"));
					if (clustered) {
						renewedShares.add(unevenness(before, requestsByWorker(server.port)));
					}
				}
				finally {
					server.stop();
				}
				print("  round %d/%d  %-20s keep-alive %s | new connection %s", round, this.options.rounds(),
						config.label(), last(kept.get(config)), last(renewed.get(config)));
			}
		}
		double fatJarMillis = median(fatJar, Double::doubleValue) * 1000;
		Object fastMillis = this.json.get("spawn_fast_ms");
		print("  the plain JVM's own start (java -jar of the fat jar, no load, Boot's 'process running for'): "
				+ "%,.0f ms median of %d%s", fatJarMillis, fatJar.size(), (fastMillis instanceof Long)
						? String.format(Locale.US, "; a fast worker's spawn -> ready is %.2f of it",
								(Long) fastMillis / fatJarMillis)
						: "");
		this.json.put("start_fatjar_ms", Math.round(fatJarMillis));
		if (fastMillis instanceof Long) {
			this.json.put("spawn_fast_to_fatjar_ratio", round((Long) fastMillis / fatJarMillis, 2));
		}
		printThroughput("keep-alive", "keepalive", kept, baseline, cluster);
		printThroughput("new connection per request (Connection: close)", "new_connection", renewed, baseline,
				cluster);
		double keptShare = median(keptShares, Double::doubleValue);
		double renewedShare = median(renewedShares, Double::doubleValue);
		print("  distribution over the %d workers (the requests each served in a window, from their heartbeats' "
				+ "counts in GET /actuator/cluster; the servers' default acceptors): busiest / least busy worker "
				+ "%.2f keep-alive, %.2f new connection per request (medians; 1.00 is even)", THROUGHPUT_SIZE,
				keptShare, renewedShare);
		this.json.put("share_max_min_keepalive", round(keptShare, 2));
		this.json.put("share_max_min_new_connection", round(renewedShare, 2));
	}

	/**
	 * The requests each worker has served, by worker id, as the master last heard from
	 * their heartbeats (at most about a second old: wait for the next heartbeat first).
	 */
	static Map<Integer, Long> requestsByWorker(int port) throws IOException, InterruptedException {
		Thread.sleep(2_100);
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/cluster"))
			.timeout(java.time.Duration.ofSeconds(10))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		Map<Integer, Long> requests = new TreeMap<>();
		Matcher worker = WORKER_REQUESTS.matcher(response.body());
		while (worker.find()) {
			requests.put(Integer.parseInt(worker.group(1)), Long.parseLong(worker.group(2)));
		}
		return requests;
	}

	private static final Pattern WORKER_REQUESTS = Pattern
		.compile("\\{\"id\":(\\d+),\"pid\":\\d+,[^{}]*\"stats\":\\{\"requests\":(\\d+)");

	/**
	 * How unevenly the workers shared the requests between two readings: the busiest
	 * worker's requests over the least busy one's (NaN when one served none, or the
	 * workers changed).
	 */
	static double unevenness(Map<Integer, Long> before, Map<Integer, Long> after) {
		if (before.isEmpty() || !before.keySet().equals(after.keySet())) {
			return Double.NaN;
		}
		List<Long> served = before.keySet().stream().map((id) -> after.get(id) - before.get(id)).toList();
		long least = served.stream().mapToLong(Long::longValue).min().orElse(0);
		long most = served.stream().mapToLong(Long::longValue).max().orElse(0);
		return (least > 0) ? (double) most / least : Double.NaN;
	}

	private Wrk wrk(Server server, boolean keepAlive, int seconds, String name) throws Exception {
		return Wrk.run(server.port, this.options.connections(), keepAlive, seconds, log("wrk-" + name));
	}

	private void printThroughput(String title, String key, Map<Config, List<Wrk>> runs, Config baseline,
			Config cluster) {
		double base = median(runs.get(baseline), Wrk::perSecond);
		double clustered = median(runs.get(cluster), Wrk::perSecond);
		print("  %s (medians)", title);
		for (Config config : List.of(baseline, cluster)) {
			List<Wrk> list = runs.get(config);
			print("    %-20s %,7.0f req/s   p50 %5.2f ms  p99 %6.2f ms   errors %,d%s", config.label(),
					median(list, Wrk::perSecond), median(list, Wrk::p50), median(list, Wrk::p99), sum(list, Wrk::errors),
					(config == cluster) ? String.format(Locale.US, "   ratio %.2f", clustered / base) : "");
		}
		this.json.put("rps_" + key + "_baseline", Math.round(base));
		this.json.put("rps_" + key + "_cluster", Math.round(clustered));
		this.json.put("rps_" + key + "_ratio", round(clustered / base, 2));
	}

	// ---- 2b. a session on every request, by wrk ----

	/**
	 * A logged-in browser's load: one login through the sample's form, then {@code wrk} with
	 * keep-alive and that session's cookie on {@code GET /account}, which reads the session
	 * on every request (Spring Security loads the login from it). Two workers with the pool's
	 * session store against one plain JVM with its in-memory sessions, fresh JVMs each round.
	 * Every answer that is not the account page (a redirect to {@code /login}, an error) is
	 * counted as failed by a wrk script, and the requests per second are those answered with
	 * the account page.
	 */
	private void sessions() throws Exception {
		int warmup = this.options.warmup();
		print("");
		print("2b. a session on every request: one login, then wrk (%d threads, %s, keep-alive) with its cookie on "
				+ "GET /account, %s on fresh JVMs, each window %d s after an unmeasured warm-up of at least %d s "
				+ "and until three %d s windows in a row are within %.0f%% of the one before (at most %d s: the JIT "
				+ "of three JVMs that share the requests takes longer than one's); an answer other than the account "
				+ "page counts as failed",
				Wrk.threads(this.options.connections()), plural(this.options.connections(), "connection"),
				plural(this.options.rounds(), "round"), this.options.window(), warmup, SESSION_WARMUP_WINDOW_SECONDS,
				SESSION_STEADY * 100, SESSION_WARMUP_MAX_SECONDS);
		List<String> user = List.of("--spring.security.user.password=" + SESSION_PASSWORD);
		Config baseline = new Config("baseline (1 JVM)", List.of(), concat(List.of("--cluster.master.enabled=false"), user),
				1, false);
		Config cluster = Config.master("cluster (" + THROUGHPUT_SIZE + " workers)", THROUGHPUT_SIZE, List.of(),
				concat(List.of("--cluster.master.fast-start=false", "--cluster.master.cache-dir=" + cache("sessions"),
						// a ceiling only: on a machine loaded by other work a boot can take minutes
						"--cluster.master.boot-timeout=" + Server.READY_TIMEOUT_SECONDS + "s"), user));
		Path script = this.logs.resolve("session.lua");
		Files.writeString(script, SessionLoad.SCRIPT);
		Map<Config, List<SessionLoad>> runs = new HashMap<>(
				Map.of(baseline, new ArrayList<>(), cluster, new ArrayList<>()));
		Map<Config, String> cookies = new HashMap<>();
		Map<Config, List<Integer>> warmups = new HashMap<>();
		for (int round = 1; round <= this.options.rounds(); round++) {
			for (Config config : (round % 2 == 1) ? List.of(baseline, cluster) : List.of(cluster, baseline)) {
				String name = ((config == baseline) ? "sessions-baseline" : "sessions-cluster") + "-round-" + round;
				Server server = Server.start(config, this.jar, freePort(), log(name));
				try {
					server.awaitReady();
					String cookie = Login.logIn(server.port, "user", SESSION_PASSWORD);
					cookies.put(config, cookie.replaceAll("=.*", ""));
					int warmed = warmUntilSteady(server, cookie, warmup, script, name);
					runs.get(config)
						.add(SessionLoad.run(server.port, this.options.connections(), cookie, this.options.window(),
								script, log("wrk-" + name)));
					warmups.computeIfAbsent(config, (key) -> new ArrayList<>()).add(warmed);
				}
				finally {
					server.stop();
				}
				print("  round %d/%d  %-20s %s, after %d s of warm-up", round, this.options.rounds(), config.label(),
						last(runs.get(config)), last(warmups.get(config)));
			}
		}
		double base = median(runs.get(baseline), SessionLoad::answeredPerSecond);
		double clustered = median(runs.get(cluster), SessionLoad::answeredPerSecond);
		double baseP99 = median(runs.get(baseline), (run) -> run.wrk().p99());
		double clusterP99 = median(runs.get(cluster), (run) -> run.wrk().p99());
		long failed = sum(runs.get(cluster), SessionLoad::failed);
		long baseFailed = sum(runs.get(baseline), SessionLoad::failed);
		double ratio = clustered / base;
		print("  GET /account with a session (medians; req/s are answers with the account page)");
		for (Config config : List.of(baseline, cluster)) {
			List<SessionLoad> list = runs.get(config);
			print("    %-20s %,7.0f req/s   p50 %5.2f ms  p99 %6.2f ms   failed %,d of %,d   cookie %s%s",
					config.label(), median(list, SessionLoad::answeredPerSecond),
					median(list, (run) -> run.wrk().p50()), median(list, (run) -> run.wrk().p99()),
					sum(list, SessionLoad::failed), sum(list, (run) -> run.wrk().requests()), cookies.get(config),
					(config == cluster) ? String.format(Locale.US, "   ratio %.2f, p99 %+.2f ms", ratio,
							clusterP99 - baseP99) : "");
		}
		this.verdicts.add(verdict("session_rps_ratio >= 0.9 (keep-alive, GET /account, 2 workers sharing the "
				+ "sessions against 1 JVM) with no failed request", ratio >= 0.9 && failed == 0 && baseFailed == 0,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f req/s), failed %,d (cluster) and %,d (baseline), "
						+ "p99 %+.2f ms", ratio, clustered, base, failed, baseFailed, clusterP99 - baseP99)));
		this.json.put("session_rps_baseline", Math.round(base));
		this.json.put("session_rps_cluster", Math.round(clustered));
		this.json.put("session_rps_ratio", round(ratio, 2));
		this.json.put("session_p99_baseline_ms", round(baseP99, 2));
		this.json.put("session_p99_cluster_ms", round(clusterP99, 2));
		this.json.put("session_p99_added_ms", round(clusterP99 - baseP99, 2));
		this.json.put("session_failed_cluster", failed);
		this.json.put("session_failed_baseline", baseFailed);
		this.json.put("session_cookie_cluster", cookies.get(cluster));
	}

	/**
	 * Warm a server with the session load until it is steady: windows of
	 * {@value #SESSION_WARMUP_WINDOW_SECONDS} s, at least {@code minimum} s in all, until
	 * three windows in a row are each within {@link #SESSION_STEADY} of the one before (or
	 * {@value #SESSION_WARMUP_MAX_SECONDS} s). A fixed time is unfair to the pool: its three
	 * JVMs each see a share of the requests, so their JIT needs longer than one JVM's. Two
	 * windows are not enough: a pool still compiling can hold a cold plateau for 10 s.
	 * @return the seconds it took
	 */
	private int warmUntilSteady(Server server, String cookie, int minimum, Path script, String name) throws Exception {
		int seconds = 0;
		double previous = 0;
		int agreeing = 0;
		for (int window = 1;; window++) {
			SessionLoad load = SessionLoad.run(server.port, this.options.connections(), cookie,
					SESSION_WARMUP_WINDOW_SECONDS, script, log("wrk-" + name + "-warmup-" + window));
			seconds += SESSION_WARMUP_WINDOW_SECONDS;
			double current = load.answeredPerSecond();
			agreeing = (previous > 0 && Math.abs(current - previous) <= SESSION_STEADY * previous) ? agreeing + 1 : 0;
			if ((agreeing >= 2 && seconds >= minimum) || seconds >= SESSION_WARMUP_MAX_SECONDS) {
				return seconds;
			}
			previous = current;
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	// ---- 3. rolling restarts and a deploy under load ----

	private void rollout() throws Exception {
		print("");
		print("3. rolling restart of %d workers under constant load (%d clients, a new connection per request, "
				+ "%d ms pause after each; failures counted by our own client), %s per max-surge, workers booting "
				+ "with their archive; then a deploy", ROLLOUT_SIZE, LOAD_THREADS, LOAD_PAUSE_MILLIS,
				plural(this.options.restarts(), "restart"));
		Path current = this.current;
		// The cache of the fast spawn master (one master after the other): the archive is built.
		String cache = "--cluster.master.cache-dir=" + cache("rollout");
		List<Restart> surge1;
		Config one = Config.master("max-surge 1", ROLLOUT_SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=1", cache));
		Server server = Server.start(one, current, freePort(), log("rollout-surge1"));
		try {
			server.awaitReady();
			print("  max-surge 1: %s", server.awaitFastStart());
			surge1 = restartsUnderLoad(server);
		}
		finally {
			server.stop();
		}
		Config four = Config.master("max-surge 4", ROLLOUT_SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=4", cache));
		server = Server.start(four, current, freePort(), log("rollout-surge4"));
		try {
			server.awaitReady();
			print("  max-surge 4: %s", server.awaitFastStart());
			List<Restart> surge4 = restartsUnderLoad(server);
			printRestarts(surge1, surge4);
			memory(server);
			deploy(server, current);
		}
		finally {
			server.stop();
		}
	}

	private List<Restart> restartsUnderLoad(Server server) throws Exception {
		List<Restart> restarts = new ArrayList<>();
		for (int i = 1; i <= this.options.restarts(); i++) {
			Load load = Load.start(server.port, LOAD_THREADS, false, LOAD_PAUSE_MILLIS, Long.MIN_VALUE,
					Long.MAX_VALUE);
			double took;
			try {
				Thread.sleep(STEADY_MILLIS);
				server.signal("HUP");
				took = server.awaitRollingRestart();
				Thread.sleep(STEADY_MILLIS);
			}
			finally {
				load.stop();
			}
			restarts.add(Restart.of(load.tallies, took));
			print("    restart %d/%d  %-12s %s", i, this.options.restarts(), server.config.label(), last(restarts));
		}
		return restarts;
	}

	private void printRestarts(List<Restart> surge1, List<Restart> surge4) {
		double one = median(surge1, Restart::tookSeconds) * 1000;
		double four = median(surge4, Restart::tookSeconds) * 1000;
		long failed = sum(surge1, Restart::failed) + sum(surge4, Restart::failed);
		double ratio = four / one;
		int cores = Runtime.getRuntime().availableProcessors();
		print("  rolling restart of %d workers (medians, SIGHUP to the master's 'done' line)", ROLLOUT_SIZE);
		print("    max-surge 1  %,7.0f ms   failed %,d of %,d sent", one, sum(surge1, Restart::failed),
				sum(surge1, Restart::sent));
		print("    max-surge 4  %,7.0f ms   failed %,d of %,d sent   ratio %.2f", four, sum(surge4, Restart::failed),
				sum(surge4, Restart::sent), ratio);
		// Max-surge 1: one boot, its probation (min-restart-age, 2 s), three more boots one after
		// the other. Max-surge 4: the first boot and its probation, then three boots at once,
		// which take about one boot when each has a core of its own.
		double boot = (this.json.get("spawn_fast_ms") instanceof Long) ? (Long) this.json.get("spawn_fast_ms") : 1400;
		double probation = 2000;
		print("    with a free core per booting JVM max-surge 4 would be about (2 boots + probation) / (4 boots + "
				+ "probation) = %.2f x max-surge 1 (a boot of %,.0f ms as in step 1); here %d concurrent boots share %s",
				(2 * boot + probation) / (4 * boot + probation), boot, ROLLOUT_SIZE - 1, plural(cores, "core"));
		this.verdicts.add(verdict("restart4_surge4 <= 0.75 x restart4_surge1 (on " + plural(cores, "core") + ")",
				ratio <= 0.75, String.format(Locale.US, "%.2f (%,.0f / %,.0f ms)", ratio, four, one)));
		this.verdicts.add(verdict("restart_failed = 0", failed == 0, Long.toString(failed)));
		this.json.put("restart4_surge1_ms", Math.round(one));
		this.json.put("restart4_surge4_ms", Math.round(four));
		this.json.put("restart_ratio", round(ratio, 2));
		this.json.put("restart_failed", failed);
		this.json.put("restart_sent", sum(surge1, Restart::sent) + sum(surge4, Restart::sent));
		this.json.put("restarts_per_surge", this.options.restarts());
	}

	/**
	 * Deploy release 2: a copy of the jar with {@code sample.release=2}, moved over the deploy
	 * path, then SIGHUP; done when every worker answers {@code /release} with 2.
	 */
	private void deploy(Server server, Path current) throws Exception {
		Path next = current.resolveSibling(".app.jar.new");
		release(this.jar, next, "2");
		Load load = Load.start(server.port, LOAD_THREADS, false, LOAD_PAUSE_MILLIS, Long.MIN_VALUE, Long.MAX_VALUE);
		double took;
		double masterTook;
		try {
			Thread.sleep(STEADY_MILLIS);
			Files.move(next, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			long start = System.nanoTime();
			server.signal("HUP");
			masterTook = server.awaitRollingRestart();
			server.awaitRelease("2");
			took = (System.nanoTime() - start) / 1e9;
			Thread.sleep(STEADY_MILLIS);
		}
		finally {
			load.stop();
		}
		Restart deploy = Restart.of(load.tallies, took);
		print("  deploy of release 2 (mv over the deploy path, SIGHUP, until every worker answers /release with 2; "
				+ "max-surge 4, its workers boot plain: a new release has no archive yet)");
		print("    %,7.0f ms (the master's rolling restart: %,.0f ms)   failed %,d of %,d sent%s", took * 1000,
				masterTook * 1000, deploy.failed(), deploy.sent(), deploy.kinds());
		this.verdicts.add(verdict("deploy_failed = 0", deploy.failed() == 0, Long.toString(deploy.failed())));
		this.json.put("deploy_ms", Math.round(took * 1000));
		this.json.put("deploy_failed", deploy.failed());
		this.json.put("deploy_sent", deploy.sent());
	}

	// ---- 3c. the deploy of a new release, and when its archive is trained ----

	/** A training run's end as the master logs it: when, and how long the run took. */
	private static final Pattern ARCHIVE_BUILT = Pattern
		.compile("^(\\S+) .*Built the .* archive of .* in ([0-9.]+) s", Pattern.MULTILINE);

	/**
	 * Deploy a new release to 4 workers with max-surge 2 under constant load, on a master whose
	 * first release booted with its archive: how long until every worker answers with the
	 * new release, how each replacement booted, and when the new release's training run
	 * ran against the rollout (a run during it competes with the replacements' boots).
	 */
	private void deployNewRelease() throws Exception {
		print("");
		print("3c. deploy of a new release to %d workers, max-surge 2, under constant load (%d clients, a new "
				+ "connection per request): the new release has no archive yet, so its workers boot plain; its "
				+ "training run against the rollout", ROLLOUT_SIZE, LOAD_THREADS);
		Config config = Config.master("deploy, max-surge 2", ROLLOUT_SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=2", "--cluster.master.cache-dir=" + cache("deploy")));
		Server server = Server.start(config, this.current, freePort(), log("deploy-new-release"));
		try {
			server.awaitReady();
			print("  release 1: %s", server.awaitFastStart());
			Path next = this.current.resolveSibling(".app.jar.next");
			release(this.jar, next, "3");
			Load load = Load.start(server.port, LOAD_THREADS, false, LOAD_PAUSE_MILLIS, Long.MIN_VALUE, Long.MAX_VALUE);
			java.time.Instant signalled;
			java.time.Instant done;
			java.time.Instant rolledOut;
			try {
				Thread.sleep(STEADY_MILLIS);
				Files.move(next, this.current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				signalled = java.time.Instant.now();
				server.signal("HUP");
				server.awaitRollingRestart();
				server.awaitRelease("3");
				done = java.time.Instant.now();
				Matcher restarted = Pattern
					.compile("^(\\S+) .*Rolling restart to generation 2 done", Pattern.MULTILINE)
					.matcher(server.read());
				rolledOut = restarted.find() ? OffsetDateTime.parse(restarted.group(1)).toInstant() : done;
				Thread.sleep(STEADY_MILLIS);
			}
			finally {
				load.stop();
			}
			double took = java.time.Duration.between(signalled, done).toMillis();
			Restart deploy = Restart.of(load.tallies, took / 1000);
			List<String> modes = server.spawns().stream()
				.filter((spawn) -> spawn.generation() == 2)
				.map(Spawn::mode)
				.toList();
			// The new release's training run: the first run that ends after the signal
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Server.ARCHIVE_TIMEOUT_SECONDS);
			java.time.Instant trainingEnd = null;
			double trainingSeconds = 0;
			while (trainingEnd == null && System.nanoTime() < deadline) {
				Matcher built = ARCHIVE_BUILT.matcher(server.read());
				while (built.find()) {
					java.time.Instant end = OffsetDateTime.parse(built.group(1)).toInstant();
					if (end.isAfter(signalled)) {
						trainingEnd = end;
						trainingSeconds = Double.parseDouble(built.group(2));
						break;
					}
				}
				if (trainingEnd == null) {
					Thread.sleep(500);
				}
			}
			print("  deploy of release 3 (mv over the deploy path, SIGHUP, until every worker answers /release with 3)");
			print("    %,7.0f ms   failed %,d of %,d sent%s   replacements booted %s", took, deploy.failed(),
					deploy.sent(), deploy.kinds(), String.join(" ", modes));
			this.json.put("deploy4_new_release_ms", Math.round(took));
			this.json.put("deploy4_failed", deploy.failed());
			this.json.put("deploy4_boot_modes", String.join(" ", modes));
			this.verdicts.add(verdict("deploy4_failed = 0", deploy.failed() == 0, Long.toString(deploy.failed())));
			if (trainingEnd == null) {
				print("    its archive was not built within %d s", Server.ARCHIVE_TIMEOUT_SECONDS);
				return;
			}
			java.time.Instant trainingStart = trainingEnd.minusMillis(Math.round(trainingSeconds * 1000));
			// The rollout as the master ran it: from the signal to its "done" line
			long overlap = Math.max(0, java.time.Duration
				.between(trainingStart.isAfter(signalled) ? trainingStart : signalled,
						trainingEnd.isBefore(rolledOut) ? trainingEnd : rolledOut)
				.toMillis());
			print("    its archive: training and check %,.0f ms, from %+,.0f ms to %+,.0f ms after the master's rollout "
					+ "was done; %,d ms of it during the rollout", trainingSeconds * 1000,
					(double) java.time.Duration.between(rolledOut, trainingStart).toMillis(),
					(double) java.time.Duration.between(rolledOut, trainingEnd).toMillis(), overlap);
			this.json.put("deploy4_training_ms", Math.round(trainingSeconds * 1000));
			this.json.put("deploy4_training_during_rollout_ms", overlap);
			this.json.put("deploy4_archive_after_rollout_ms",
					java.time.Duration.between(rolledOut, trainingEnd).toMillis());
			int cores = Runtime.getRuntime().availableProcessors();
			if (cores < 6) {
				this.verdicts.add(verdict("deploy4_training_during_rollout_ms = 0 (on " + plural(cores, "core")
						+ " a training run slows the replacements' boots)", overlap == 0, overlap + " ms"));
			}
		}
		finally {
			server.stop();
		}
	}

	/** Write a copy of the jar with one more {@code application.properties}: another release. */
	static void release(Path jar, Path target, String release) throws IOException {
		try (ZipFile source = new ZipFile(jar.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			for (Enumeration<? extends ZipEntry> entries = source.entries(); entries.hasMoreElements();) {
				ZipEntry entry = entries.nextElement();
				// Nested jars stay stored (size and CRC copied), as Boot's launcher needs them.
				ZipEntry copy = (entry.getMethod() == ZipEntry.STORED) ? new ZipEntry(entry)
						: new ZipEntry(entry.getName());
				copy.setTime(entry.getTime());
				out.putNextEntry(copy);
				try (InputStream in = source.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
			out.write(("sample.release=" + release + "\n").getBytes(StandardCharsets.ISO_8859_1));
			out.closeEntry();
		}
	}

	// ---- 4. memory ----

	/**
	 * RSS of the master and its workers after the restarts, then what the master holds: heap
	 * before and after a full GC, metaspace, the classes it loaded by package.
	 */
	private void memory(Server server) throws Exception {
		Set<Long> alive = server.process.children().map(ProcessHandle::pid).collect(Collectors.toSet());
		List<Long> workers = server.spawns().stream().map(Spawn::pid).filter(alive::contains).distinct().toList();
		double master = rssMebibytes(server.pid());
		double worker = median(workers, ClusterBench::rssMebibytes);
		double ratio = master / worker;
		print("");
		print("4. memory after the restarts above (VmRSS from /proc; master of %d workers, workers booted with "
				+ "their archive)", ROLLOUT_SIZE);
		print("    master %,.0f MiB, workers %,.0f MiB each (median of %d)   ratio %.2f", master, worker,
				workers.size(), ratio);
		this.verdicts.add(verdict("master_rss <= 0.5 x worker_rss", ratio <= 0.5,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f MiB)", ratio, master, worker)));
		this.json.put("master_rss_mb", Math.round(master));
		this.json.put("worker_rss_mb", Math.round(worker));
		this.json.put("rss_ratio", round(ratio, 2));
		Jcmd jcmd = new Jcmd(server.pid(), this.logs);
		Heap before = Heap.of(jcmd.run("GC.heap_info"), jcmd.run("VM.metaspace", "scale=KB"));
		String metaspace = jcmd.run("VM.metaspace", "scale=KB");
		Matcher usage = Pattern.compile("Total Usage - (\\d+) loaders, (\\d+) classes(?: \\((\\d+) shared\\))?")
			.matcher(metaspace);
		String classes = usage.find() ? usage.group(2) + " classes" + ((usage.group(3) != null)
				? " (" + usage.group(3) + " from the JDK's CDS archive)" : "") + " in " + usage.group(1)
						+ " class loaders" : "unknown classes";
		Map<String, Integer> packages = jcmd.packages();
		jcmd.run("GC.class_histogram"); // a full GC: what is left is live
		Heap after = Heap.of(jcmd.run("GC.heap_info"), "");
		double masterAfterGc = rssMebibytes(server.pid());
		print("  the master's JVM (jcmd %d; the master loads no application bean, no web server)", server.pid());
		print("    heap: %,.0f MiB committed, %,.0f MiB used; after a full GC %,.0f MiB committed, %,.0f MiB live "
				+ "(RSS then %,.0f MiB)", before.committed(), before.used(), after.committed(), after.used(),
				masterAfterGc);
		print("    metaspace: %,.0f MiB used, %,.0f MiB committed; %s", before.metaspaceUsed(),
				before.metaspaceCommitted(), classes);
		print("    classes by package (top 12): %s",
				packages.entrySet()
					.stream()
					.limit(12)
					.map((entry) -> entry.getKey() + " " + entry.getValue())
					.collect(Collectors.joining(", ")));
		this.json.put("master_heap_committed_mb", round(before.committed(), 0));
		this.json.put("master_heap_used_mb", round(before.used(), 0));
		this.json.put("master_heap_live_mb", round(after.used(), 0));
		this.json.put("master_metaspace_mb", round(before.metaspaceCommitted(), 0));
		this.json.put("master_classes", usage.find(0) ? Long.parseLong(usage.group(2)) : null);
	}

	/**
	 * A master of its own (1 worker) with native memory tracking, which its workers do not
	 * get ({@code cluster.master.jvm-args} turns it off again): where its resident memory goes.
	 */
	private void nativeMemory() throws Exception {
		Config config = Config.master("master with NMT", 1, List.of("-XX:NativeMemoryTracking=summary"),
				List.of("--cluster.master.fast-start=false", "--cluster.master.cache-dir=" + cache("nmt"),
						"--cluster.master.jvm-args=-XX:NativeMemoryTracking=off"));
		Server server = Server.start(config, this.jar, freePort(), log("nmt"));
		try {
			server.awaitReady();
			Thread.sleep(STEADY_MILLIS);
			String summary = new Jcmd(server.pid(), this.logs).run("VM.native_memory", "summary");
			Matcher total = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB").matcher(summary);
			Matcher category = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)")
				.matcher(summary);
			Map<String, Double> committed = new LinkedHashMap<>();
			while (category.find()) {
				committed.put(category.group(1).trim(), Long.parseLong(category.group(3)) / 1024.0);
			}
			print("  native memory of an idle master of 1 worker (-XX:NativeMemoryTracking=summary, RSS %,.0f MiB): "
					+ "%s MiB committed: %s", rssMebibytes(server.pid()),
					total.find() ? String.format(Locale.US, "%,.0f", Long.parseLong(total.group(2)) / 1024.0) : "?",
					committed.entrySet()
						.stream()
						.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
						.filter((entry) -> entry.getValue() >= 1)
						.map((entry) -> String.format(Locale.US, "%s %.0f", entry.getKey(), entry.getValue()))
						.collect(Collectors.joining(", ")));
			committed.forEach((name, mebibytes) -> this.json
				.put("master_nmt_" + name.toLowerCase(Locale.ROOT).replace(' ', '_') + "_mb", Math.round(mebibytes)));
		}
		finally {
			server.stop();
		}
	}

	// ---- 3b. warm-up before traffic: a replacement's first seconds, cold and warmed up ----

	/** The first seconds of a replacement's traffic that are measured. */
	static final long FIRST_MILLIS = 10_000;

	/** Warm-up requests per worker (cluster.master.warmup.requests) in the warmed-up runs. */
	static final int WARMUP_REQUESTS = 2000;

	private void warmupBeforeTraffic() throws Exception {
		print("");
		print("3b. warm-up before traffic: a master of %d workers under constant load (%d clients, a new connection "
				+ "per request, %d ms pause), %s with max-surge 1 and min-restart-age 12 s; p99 of the requests each "
				+ "replacement answered in "
				+ "its first %d s of traffic (from its first answer on the shared port) over the p99 of the warm "
				+ "pool before the restart; cold, then with cluster.master.warmup.paths=/ and %,d requests",
				THROUGHPUT_SIZE, LOAD_THREADS, LOAD_PAUSE_MILLIS, plural(this.options.restarts(), "rolling restart"),
				FIRST_MILLIS / 1000, WARMUP_REQUESTS);
		FirstSeconds cold = firstSeconds("cold", List.of());
		FirstSeconds warm = firstSeconds("warmup", List.of("--cluster.master.warmup.paths=/",
				"--cluster.master.warmup.requests=" + WARMUP_REQUESTS, "--cluster.master.warmup.timeout=30s"));
		for (FirstSeconds run : List.of(cold, warm)) {
			print("  %-8s steady p99 %6.2f ms (%,d requests), replacements' first %d s p99 %7.2f ms (%,d requests, "
					+ "slowest %,.0f ms): ratio %.2f%s", run.name(), run.steadyP99(), run.steadyCount(),
					FIRST_MILLIS / 1000, run.firstP99(), run.firstCount(), run.firstMax(), run.ratio(),
					run.warmups().isEmpty() ? "" : "; " + run.warmups());
		}
		this.verdicts.add(verdict("rollout_p99_ratio_warmup <= 1.5", warm.ratio() <= 1.5, String.format(Locale.US,
				"%.2f (cold: %.2f; p99 %.2f / %.2f ms warmed up, %.2f / %.2f ms cold)", warm.ratio(), cold.ratio(),
				warm.firstP99(), warm.steadyP99(), cold.firstP99(), cold.steadyP99())));
		this.json.put("rollout_p99_ratio_warmup", round(warm.ratio(), 2));
		this.json.put("rollout_p99_ratio_cold", round(cold.ratio(), 2));
		this.json.put("rollout_first10s_p99_warmup_ms", round(warm.firstP99(), 2));
		this.json.put("rollout_first10s_p99_cold_ms", round(cold.firstP99(), 2));
		this.json.put("rollout_steady_p99_warmup_ms", round(warm.steadyP99(), 2));
		this.json.put("rollout_steady_p99_cold_ms", round(cold.steadyP99(), 2));
		this.json.put("rollout_warmup_restarts", this.options.restarts());
	}

	/**
	 * One master's restarts under load: the steady window of the warm pool before each
	 * restart, then every request answered by a replacement in its first seconds.
	 */
	private FirstSeconds firstSeconds(String name, List<String> args) throws Exception {
		// The canary analysis is off: it judges a cold replacement slow (here it aborted a cold
		// rollout for a p99 3.5 x the old workers'), and this step measures that slowness
		// A first replacement proven for 12 s before the second boots: its first 10 s share the
		// cores with no boot, so the figure is the cold JVM's, not that of a boot beside it
		List<String> all = new ArrayList<>(List.of("--cluster.master.restart.max-surge=1",
				"--cluster.master.restart.canary.enabled=false", "--cluster.master.min-restart-age=12s",
				"--cluster.master.fast-start=false", "--cluster.master.cache-dir=" + cache("warmup-" + name)));
		all.addAll(args);
		Config config = Config.master("warm-up " + name, THROUGHPUT_SIZE, List.of(), all);
		Server server = Server.start(config, this.jar, freePort(), log("warmup-" + name));
		List<Long> steady = new ArrayList<>();
		List<Long> first = new ArrayList<>();
		try {
			server.awaitReady();
			for (int i = 1; i <= this.options.restarts(); i++) {
				Load load = Load.start(server.port, LOAD_THREADS, false, LOAD_PAUSE_MILLIS, Long.MIN_VALUE,
						Long.MAX_VALUE);
				long measured;
				long restarted;
				try {
					// The pool's own first seconds are not steady: warm it, then measure it
					Thread.sleep(FIRST_MILLIS);
					measured = System.nanoTime();
					Thread.sleep(FIRST_MILLIS);
					restarted = System.nanoTime();
					server.signal("HUP");
					server.awaitRollingRestart();
					// the last replacement's first seconds
					Thread.sleep(FIRST_MILLIS + 1_000);
				}
				finally {
					load.stop();
				}
				int before = first.size();
				Set<String> old = new HashSet<>();
				Map<String, Long> firstAnswer = new HashMap<>();
				for (Tally tally : load.tallies) {
					for (int r = 0; r < tally.times.size(); r++) {
						long end = tally.times.get(r);
						String pid = tally.answeredBy.get(r);
						if (end < restarted) {
							old.add(pid);
							if (end >= measured) {
								steady.add(tally.latencies.get(r));
							}
						}
					}
				}
				for (Tally tally : load.tallies) {
					for (int r = 0; r < tally.times.size(); r++) {
						String pid = tally.answeredBy.get(r);
						if (!old.contains(pid)) {
							firstAnswer.merge(pid, tally.times.get(r), Math::min);
						}
					}
				}
				for (Tally tally : load.tallies) {
					for (int r = 0; r < tally.times.size(); r++) {
						Long since = firstAnswer.get(tally.answeredBy.get(r));
						if (since != null && tally.times.get(r) - since <= TimeUnit.MILLISECONDS.toNanos(FIRST_MILLIS)) {
							first.add(tally.latencies.get(r));
						}
					}
				}
				print("    %-8s restart %d/%d: %d replacement(s) answered %,d requests in their first %d s",
						name, i, this.options.restarts(), firstAnswer.size(), first.size() - before,
						FIRST_MILLIS / 1000);
			}
			Matcher warmedUp = Pattern.compile("warmed up before joining the shared port: (\\d+ requests in [0-9.]+ s)")
				.matcher(Files.readString(server.log));
			List<String> warmups = new ArrayList<>();
			while (warmedUp.find()) {
				warmups.add(warmedUp.group(1));
			}
			return new FirstSeconds(name, steady.size(), percentile(steady, 0.99), first.size(),
					percentile(first, 0.99), percentile(first, 1.0),
					warmups.isEmpty() ? "" : "warm-ups: " + String.join(", ", warmups));
		}
		finally {
			server.stop();
		}
	}

	/** The q-quantile of latencies in nanoseconds, in milliseconds (nearest rank). */
	static double percentile(List<Long> nanos, double q) {
		if (nanos.isEmpty()) {
			return Double.NaN;
		}
		List<Long> sorted = new ArrayList<>(nanos);
		sorted.sort(null);
		int rank = (int) Math.ceil(q * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
	}

	/** A replacement's first seconds against the steady pool, for one configuration. */
	record FirstSeconds(String name, int steadyCount, double steadyP99, int firstCount, double firstP99,
			double firstMax, String warmups) {

		double ratio() {
			return this.firstP99 / this.steadyP99;
		}

	}

	// ---- 3d. canary analysis under load ----

	/**
	 * Rolling restarts to a bad release (one that boots, says ready, then answers 500 to
	 * every request) under constant load: the share of the requests that ended during each
	 * rollout (from the restart's request to its 409) that failed, and the master's verdict.
	 */
	private void canary() throws Exception {
		print("");
		print("3d. canary analysis: a master of %d workers under constant load (%d clients, a new connection per "
				+ "request, %d ms pause), %s to a release answering 500 to every request "
				+ "(POST /actuator/cluster/restart?wait=true&env=SAMPLE_FAIL_WITH=500, max-surge 1); the share of the "
				+ "requests that ended between the restart's request and its answer that failed",
				THROUGHPUT_SIZE, LOAD_THREADS, LOAD_PAUSE_MILLIS, plural(this.options.restarts(), "rolling restart"));
		Config config = Config.master("canary", THROUGHPUT_SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=1", "--cluster.master.cache-dir=" + cache("canary"),
						"--cluster.master.boot-timeout=" + Server.READY_TIMEOUT_SECONDS + "s"));
		Server server = Server.start(config, this.jar, freePort(), log("canary"));
		List<Double> shares = new ArrayList<>();
		long failedAll = 0;
		long endedAll = 0;
		try {
			server.awaitReady();
			for (int i = 1; i <= this.options.restarts(); i++) {
				Load load = Load.start(server.port, LOAD_THREADS, false, LOAD_PAUSE_MILLIS, Long.MIN_VALUE,
						Long.MAX_VALUE);
				long from;
				long to;
				java.net.http.HttpResponse<String> answer;
				try {
					Thread.sleep(3_000);
					from = System.nanoTime();
					answer = CANARY_CLIENT.send(java.net.http.HttpRequest
						.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port
								+ "/actuator/cluster/restart?wait=true&env=SAMPLE_FAIL_WITH=500"))
						.timeout(java.time.Duration.ofSeconds(Server.RESTART_TIMEOUT_SECONDS))
						.header("Content-Type", "application/json")
						.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
						.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
					to = System.nanoTime();
				}
				finally {
					load.stop();
				}
				long failed = 0;
				long ended = 0;
				for (Tally tally : load.tallies) {
					failed += tally.failedAt.stream().filter((end) -> end >= from && end <= to).count();
					ended += tally.times.stream().filter((end) -> end >= from && end <= to).count();
				}
				ended += failed;
				Matcher message = Pattern.compile("\"message\":\"([^\"]*)\"").matcher(answer.body());
				if (answer.statusCode() != 409) {
					throw new IllegalStateException("the restart to a release answering 500 answered "
							+ answer.statusCode() + ", not 409: " + answer.body());
				}
				Map<String, Long> kinds = new TreeMap<>();
				load.tallies.forEach((tally) -> tally.failures.forEach((kind, count) -> kinds.merge(kind, count,
						Long::sum)));
				double share = (ended > 0) ? 100.0 * failed / ended : Double.NaN;
				shares.add(share);
				failedAll += failed;
				endedAll += ended;
				print("    restart %d/%d: %,d of %,d requests failed (%.2f%%; %s) in %.1f s; %d %s", i,
						this.options.restarts(), failed, ended, share, kinds, (to - from) / 1e9, answer.statusCode(),
						message.find() ? message.group(1) : answer.body());
			}
		}
		finally {
			server.stop();
		}
		double median = median(shares, (share) -> share);
		this.verdicts.add(verdict("canary_failed_share <= 1% (the bad release's failed requests among all the "
				+ "requests that ended during its rollout, median)", median <= 1.0,
				String.format(Locale.US, "%.2f%% (%,d of %,d over %s)", median, failedAll, endedAll,
						plural(shares.size(), "rollout"))));
		this.json.put("canary_failed_share_pct", round(median, 2));
		this.json.put("canary_failed", failedAll);
		this.json.put("canary_requests", endedAll);
	}

	private static final java.net.http.HttpClient CANARY_CLIENT = java.net.http.HttpClient.newBuilder()
		.version(java.net.http.HttpClient.Version.HTTP_1_1)
		.connectTimeout(java.time.Duration.ofSeconds(5))
		.build();

	// ---- summary ----

	private void summary() {
		print("");
		print("targets, load average %s now:", loadAverage());
		this.verdicts.forEach((line) -> print("  %s", line));
		this.json.put("targets_missed",
				this.verdicts.stream().filter((line) -> line.startsWith("missed")).count());
		this.json.put("load_average_end", number(loadAverage()));
		double total = (System.nanoTime() - this.started) / 1e9;
		this.json.put("elapsed_s", Math.round(total));
		print("took %.0f s (%s); logs in %s", total, this.elapsed.entrySet()
			.stream()
			.map((entry) -> String.format(Locale.US, "%s %.0f s", entry.getKey(), entry.getValue()))
			.collect(Collectors.joining(", ")), this.logs);
		System.out.println(json(this.json));
	}

	private static String verdict(String target, boolean met, String figure) {
		return (met ? "met    " : "missed ") + target + ": " + figure;
	}

	// ---- helpers ----

	private Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	private Path cache(String name) {
		return this.logs.resolve("cache-" + name);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
			return socket.getLocalPort();
		}
	}

	/** The resident memory of a process from {@code /proc}, or NaN where it cannot be read. */
	static double rssMebibytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process is gone
		}
		return Double.NaN;
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static Object number(String text) {
		try {
			return Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	static Object round(double value, int decimals) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return null;
		}
		return (decimals == 0) ? (Object) Math.round(value)
				: (Object) (Math.round(value * Math.pow(10, decimals)) / Math.pow(10, decimals));
	}

	/** One flat JSON object; NaN becomes null. */
	static String json(Map<String, Object> values) {
		return values.entrySet().stream().map((entry) -> {
			Object value = entry.getValue();
			String text;
			if (value == null || (value instanceof Double && ((Double) value).isNaN())) {
				text = "null";
			}
			else if (value instanceof Number || value instanceof Boolean) {
				text = value.toString();
			}
			else {
				text = '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
			}
			return '"' + entry.getKey() + "\":" + text;
		}).collect(Collectors.joining(",", "{", "}"));
	}

	static <T> T last(List<T> values) {
		return values.get(values.size() - 1);
	}

	static <T> double median(List<T> values, ToDoubleFunction<T> value) {
		double[] sorted = values.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static <T> long sum(List<T> values, ToDoubleFunction<T> value) {
		return (long) values.stream().mapToDouble(value).sum();
	}

	static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	static void print(String format, Object... args) {
		System.out.println(String.format(Locale.US, format, args));
	}

	/** The options: whole numbers as {@code --key=value}, or {@code --quick}. */
	record Options(boolean quick, String only, int samples, int kills, int restarts, int rounds, int warmup,
			int window, int connections) {

		/** Each {@code --X-only} option and the step it runs alone. */
		static final Map<String, String> ONLY = Map.of("--spawn-only", "spawn", "--aot-only", "spawn-aot",
				"--spares-only", "respawn", "--sessions-only", "sessions", "--warmup-only", "warmup", "--deploy-only",
				"deploy", "--canary-only", "canary");

		static Options parse(List<String> args) {
			boolean quick = args.contains("--quick");
			List<String> only = args.stream().filter(ONLY::containsKey).distinct().toList();
			if (only.size() > 1) {
				throw new IllegalArgumentException(String.join(", ", only) + " exclude each other");
			}
			Map<String, Integer> values = new LinkedHashMap<>(quick
					? Map.of("samples", 3, "kills", 2, "restarts", 1, "rounds", 1, "warmup", 5, "window", 5,
							"connections", 8)
					: Map.of("samples", 7, "kills", 5, "restarts", 2, "rounds", 3, "warmup", 30, "window", 10,
							"connections", 8));
			Pattern option = Pattern.compile("--([a-z]+)=(\\d{1,4})");
			for (String arg : args) {
				Matcher matcher = option.matcher(arg);
				if (matcher.matches() && values.containsKey(matcher.group(1))) {
					values.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
				}
				else if (!arg.equals("--quick") && !ONLY.containsKey(arg)) {
					throw new IllegalArgumentException("unknown option or bad value '" + arg + "'");
				}
			}
			if (values.values().stream().anyMatch((value) -> value < 1) || values.get("connections") > 256) {
				throw new IllegalArgumentException("every count and time must be 1 or more, connections 256 at most");
			}
			return new Options(quick, only.isEmpty() ? null : ONLY.get(only.get(0)), values.get("samples"),
					values.get("kills"), values.get("restarts"), values.get("rounds"), values.get("warmup"),
					values.get("window"), values.get("connections"));
		}

	}

	/**
	 * How the sample app is started (JVM options before {@code -jar}, arguments after it), how
	 * many distinct pids answer once it is ready, and whether it runs as a master.
	 */
	record Config(String label, List<String> jvmArgs, List<String> args, int answering, boolean master) {

		static Config master(String label, int size, List<String> jvmArgs, List<String> args) {
			List<String> all = new ArrayList<>(List.of("--cluster.master.size=" + size, "--cluster.master.repl=false"));
			all.addAll(args);
			return new Config(label, jvmArgs, all, size, true);
		}

	}

	/** One worker's spawn → ready as its master logged it, and how it booted (plain, cds, aot). */
	record Spawn(int worker, long pid, int generation, String mode, double millis) {

	}

	/** One restart under load: sent, failed by kind, longest time without an answer, duration. */
	record Restart(long sent, long failed, String kinds, double gapSeconds, double tookSeconds) {

		static Restart of(List<Tally> tallies, double tookSeconds) {
			long[] times = tallies.stream()
				.flatMapToLong((tally) -> tally.times.stream().mapToLong(Long::longValue))
				.sorted()
				.toArray();
			long gap = 0;
			for (int i = 1; i < times.length; i++) {
				gap = Math.max(gap, times[i] - times[i - 1]);
			}
			Map<String, Long> kinds = new TreeMap<>();
			tallies.forEach((tally) -> tally.failures.forEach((kind, count) -> kinds.merge(kind, count, Long::sum)));
			List<String> named = kinds.entrySet().stream()
				.map((kind) -> String.format(Locale.US, "%,d %s", kind.getValue(), kind.getKey()))
				.toList();
			return new Restart(sum(tallies, (tally) -> tally.sent), sum(tallies, Tally::failed),
					named.isEmpty() ? "" : " (" + String.join(", ", named) + ")", gap / 1e9, tookSeconds);
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "took %,6.0f ms, sent %,6d, failed %,d%s, no answer for at most %.2f s",
					this.tookSeconds * 1000, this.sent, this.failed, this.kinds, this.gapSeconds);
		}

	}

	/**
	 * The master's heap and metaspace in MiB, from {@code jcmd GC.heap_info} and
	 * {@code VM.metaspace scale=KB} (JDK 17 and 25 print them differently); NaN where absent.
	 */
	record Heap(double committed, double used, double metaspaceUsed, double metaspaceCommitted) {

		private static final Pattern GENERATION = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K");
		private static final Pattern METASPACE_USED = Pattern
			.compile("Both:\\s+\\d+ chunks,.*?([0-9.]+) KB \\(\\s*<?\\d+%\\) used");
		private static final Pattern METASPACE_COMMITTED = Pattern
			.compile("Both:\\s+[0-9.]+ KB reserved,\\s+([0-9.]+) KB \\(\\s*<?\\d+%\\) committed");

		static Heap of(String heapInfo, String metaspace) {
			double committed = 0;
			double used = 0;
			boolean found = false;
			for (String line : heapInfo.split("\n")) {
				Matcher generation = GENERATION.matcher(line);
				if (!line.contains("Metaspace") && !line.contains("class space") && generation.find()) {
					// G1: one "garbage-first heap" line; Serial, Parallel: one per generation
					committed += Long.parseLong(generation.group(1)) / 1024.0;
					used += Long.parseLong(generation.group(2)) / 1024.0;
					found = true;
				}
			}
			return new Heap(found ? committed : Double.NaN, found ? used : Double.NaN, kibibytes(METASPACE_USED, metaspace),
					kibibytes(METASPACE_COMMITTED, metaspace));
		}

		private static double kibibytes(Pattern pattern, String text) {
			Matcher matcher = pattern.matcher(text);
			return matcher.find() ? Double.parseDouble(matcher.group(1)) / 1024 : Double.NaN;
		}

	}

	/** What one load thread saw in its window; latencies and answer times in nanoseconds. */
	static final class Tally {

		long sent;
		long retries;
		final Map<String, Long> failures = new TreeMap<>();
		/** When each failed request ended (System.nanoTime), in the order of {@link #failures}' counts. */
		final List<Long> failedAt = new ArrayList<>();
		final Map<String, Long> pids = new LinkedHashMap<>();
		final List<Long> latencies = new ArrayList<>();
		final List<Long> times = new ArrayList<>();
		/** The pid that answered each of {@link #latencies}, in the same order. */
		final List<String> answeredBy = new ArrayList<>();

		long failed() {
			return this.failures.values().stream().mapToLong(Long::longValue).sum();
		}

		void record(Response response, IOException error, boolean retried, long latency, long end) {
			this.sent++;
			this.retries += retried ? 1 : 0;
			if (error != null || response.status() != 200) {
				this.failures.merge((error != null) ? kind(error) : "not 200", 1L, Long::sum);
				this.failedAt.add(end);
				return;
			}
			this.latencies.add(latency);
			this.times.add(end);
			this.answeredBy.add(response.pid());
			this.pids.merge(response.pid(), 1L, Long::sum);
		}

		static String kind(IOException error) {
			Throwable cause = (error instanceof NoResponseException) ? error.getCause() : error;
			String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
			if (cause instanceof ConnectException) {
				return "refused";
			}
			if (cause instanceof SocketTimeoutException) {
				return "timed out";
			}
			if (cause instanceof EOFException) {
				return "closed early";
			}
			return (cause instanceof SocketException && (message.contains("reset") || message.contains("broken pipe")))
					? "reset" : "other: " + cause;
		}

	}

	/**
	 * Threads that each send {@code GET /} in a loop, over one kept-alive connection or a new
	 * connection per request, until stopped; only requests that end inside the window count.
	 */
	static final class Load {

		private final int port;
		private final boolean keepAlive;
		private final long pauseMillis;
		private final long from;
		private final long to;
		private final List<Thread> threads = new ArrayList<>();
		final List<Tally> tallies = new ArrayList<>();
		private volatile boolean stopped;

		private Load(int port, boolean keepAlive, long pauseMillis, long from, long to) {
			this.port = port;
			this.keepAlive = keepAlive;
			this.pauseMillis = pauseMillis;
			this.from = from;
			this.to = to;
		}

		static Load start(int port, int threads, boolean keepAlive, long pauseMillis, long from, long to) {
			Load load = new Load(port, keepAlive, pauseMillis, from, to);
			for (int i = 0; i < threads; i++) {
				Tally tally = new Tally();
				load.tallies.add(tally);
				Thread thread = new Thread(() -> load.loop(tally), "load-" + i);
				thread.setDaemon(true);
				thread.start();
				load.threads.add(thread);
			}
			return load;
		}

		List<Tally> stop() throws InterruptedException {
			this.stopped = true;
			for (Thread thread : this.threads) {
				thread.join(CONNECT_TIMEOUT_MILLIS + 2L * READ_TIMEOUT_MILLIS + 1_000);
			}
			return this.tallies;
		}

		private void loop(Tally tally) {
			Connection connection = null;
			try {
				while (!this.stopped) {
					connection = request(connection, tally);
					if (this.pauseMillis > 0) {
						Thread.sleep(this.pauseMillis);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Connection.close(connection);
		}

		/**
		 * Send one request and return the connection to reuse, if any. A request that fails
		 * on a reused connection before any response byte is sent once more on a new one, as
		 * HTTP clients do for idempotent requests (the server may have closed it meanwhile).
		 */
		private Connection request(Connection reused, Tally tally) {
			long start = System.nanoTime();
			Connection connection = reused;
			Response response = null;
			IOException error = null;
			boolean retried = false;
			try {
				try {
					connection = (connection != null) ? connection : Connection.open(this.port);
					response = connection.get(!this.keepAlive);
				}
				catch (NoResponseException ex) {
					if (reused == null) {
						throw ex;
					}
					Connection.close(connection);
					retried = true;
					connection = Connection.open(this.port);
					response = connection.get(!this.keepAlive);
				}
			}
			catch (IOException ex) {
				error = ex;
			}
			long end = System.nanoTime();
			if (end >= this.from && end <= this.to) {
				tally.record(response, error, retried, end - start, end);
			}
			if (error != null || !this.keepAlive || response.closes()) {
				Connection.close(connection);
				return null;
			}
			return connection;
		}

	}

	/** One answer: status, body, and whether the server closes the connection after it. */
	record Response(int status, String body, boolean closes) {

		String pid() {
			int space = this.body.indexOf(' ');
			return (space > 0) ? this.body.substring(0, space) : this.body.trim();
		}

	}

	/** A request failed before any byte of its response arrived. */
	static final class NoResponseException extends IOException {

		NoResponseException(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

	/**
	 * One HTTP/1.1 connection on a raw socket: sends {@code GET} of its path, reads the status line, the
	 * headers and a {@code Content-Length}, chunked or close-delimited body.
	 */
	static final class Connection implements Closeable {

		private final Socket socket;
		private final String path;
		private final InputStream in;
		private final OutputStream out;

		private Connection(Socket socket, String path) throws IOException {
			this.socket = socket;
			this.path = path;
			this.in = new BufferedInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
		}

		static Connection open(int port) throws IOException {
			return open(port, "/");
		}

		static Connection open(int port, String path) throws IOException {
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.setSoTimeout(READ_TIMEOUT_MILLIS);
				socket.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
				return new Connection(socket, path);
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
		}

		Response get(boolean close) throws IOException {
			int first;
			try {
				// With "Connection: close" the server closes first, so TIME_WAIT stays on its side and
				// thousands of short connections do not use up the client's ephemeral ports.
				this.out.write(("GET " + this.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
				this.out.flush();
				first = this.in.read();
			}
			catch (IOException ex) {
				throw new NoResponseException(ex);
			}
			if (first == -1) {
				throw new NoResponseException(new EOFException("closed before any response byte"));
			}
			String[] status = ((char) first + line()).split(" ", 3);
			if (status.length < 2 || !status[0].startsWith("HTTP/")) {
				throw new IOException("not an HTTP status line: " + String.join(" ", status));
			}
			long length = -1;
			boolean chunked = false;
			boolean closes = close;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String name = header.substring(0, Math.max(header.indexOf(':'), 0)).trim().toLowerCase(Locale.ROOT);
				String value = header.substring(header.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT);
				switch (name) {
					case "content-length" -> length = Long.parseLong(value);
					case "transfer-encoding" -> chunked = value.contains("chunked");
					case "connection" -> closes |= value.contains("close");
					default -> {
					}
				}
			}
			byte[] body = chunked ? chunks() : (length >= 0) ? exactly((int) length) : this.in.readAllBytes();
			while (close && this.in.read() != -1) {
				// wait until the server closes
			}
			return new Response(Integer.parseInt(status[1]), new String(body, StandardCharsets.UTF_8),
					closes || (!chunked && length < 0));
		}

		private byte[] chunks() throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			for (int size = chunkSize(); size > 0; size = chunkSize()) {
				body.write(exactly(size));
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
			return body.toByteArray();
		}

		private int chunkSize() throws IOException {
			return Integer.parseInt(line().split(";")[0].trim(), 16);
		}

		private byte[] exactly(int length) throws IOException {
			byte[] bytes = this.in.readNBytes(length);
			if (bytes.length < length) {
				throw new EOFException("closed after " + bytes.length + " of " + length + " body bytes");
			}
			return bytes;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b == -1) {
					throw new EOFException("closed in the middle of a response");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

		static void close(Connection connection) {
			try {
				if (connection != null) {
					connection.close();
				}
			}
			catch (IOException ex) {
				// nothing left to do with it
			}
		}

	}

	/**
	 * One started app JVM (plain, or a master) on the bench's own {@code java}, its output in a
	 * log file. Every live server is stopped in a {@code finally} block and by a shutdown hook,
	 * its descendants too.
	 */
	static final class Server {

		private static final Set<Server> LIVE = ConcurrentHashMap.newKeySet();
		private static final long READY_TIMEOUT_SECONDS = 360;
		private static final long RESTART_TIMEOUT_SECONDS = 300;
		static final long ARCHIVE_TIMEOUT_SECONDS = 300;
		private static final long STOP_TIMEOUT_SECONDS = 30;
		private static final List<String> DEFAULT_SIGNALS = probeDefaultSignals();
		private static final Pattern STARTED = Pattern.compile("^(\\S+) .*Started Worker (\\d+) \\(pid (\\d+)\\) in "
				+ "generation (\\d+)(?:, release \\w+, boots (plain|with CDS|with AOT cache))?", Pattern.MULTILINE);
		private static final Pattern READY = Pattern
			.compile("^(\\S+) .*Worker (\\d+) \\(pid (\\d+)\\) is ready after ([0-9.]+) s", Pattern.MULTILINE);
		private static final Pattern PLAIN_STARTED = Pattern
			.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");
		private static final Pattern FAST_START = Pattern
			.compile("((?:Built|Reusing) the .* archive .*|Giving up on a .*|Could not build the .*)");

		final Config config;
		final int port;
		final Path log;
		final Process process;

		/** The generation the master's workers run, as this bench asked for it. */
		private int generation = 1;

		private Server(Config config, int port, Path log, Process process) {
			this.config = config;
			this.port = port;
			this.log = log;
			this.process = process;
		}

		static Server start(Config config, Path jar, int port, Path log) throws IOException {
			List<String> command = new ArrayList<>(DEFAULT_SIGNALS);
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(config.jvmArgs());
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
			command.addAll(config.args());
			Process process = new ProcessBuilder(command).directory(jar.getParent().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			process.getOutputStream().close();
			Server server = new Server(config, port, log, process);
			LIVE.add(server);
			return server;
		}

		/**
		 * A JVM does not handle a signal that was ignored when it started (SIGHUP under
		 * {@code nohup}), so the servers get the default dispositions back where {@code env} can.
		 */
		private static List<String> probeDefaultSignals() {
			try {
				Process probe = new ProcessBuilder("env", "--default-signal=HUP,INT,TERM", "true").start();
				return (probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0)
						? List.of("env", "--default-signal=HUP,INT,TERM") : List.of();
			}
			catch (IOException | InterruptedException ex) {
				return List.of();
			}
		}

		/** Wait until as many distinct pids answer {@code GET /} as the configuration has. */
		void awaitReady() throws InterruptedException {
			Set<String> pids = new HashSet<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
			while (pids.size() < this.config.answering()) {
				check(deadline, "answer from " + this.config.answering() + " pids (" + pids.size() + " so far)");
				try (Connection connection = Connection.open(this.port)) {
					Response response = connection.get(true);
					if (response.status() == 200) {
						pids.add(response.pid());
					}
				}
				catch (IOException ex) {
					Thread.sleep(100);
				}
			}
		}

		/**
		 * Wait until every worker answers {@code GET /release} with this release, a few times
		 * over (new connections, so the kernel spreads them).
		 */
		void awaitRelease(String release) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
			Set<String> pids = new HashSet<>();
			int inARow = 0;
			while (pids.size() < this.config.answering() || inARow < 8 * this.config.answering()) {
				check(deadline, "answer /release with " + release + " from every worker");
				try (Connection connection = Connection.open(this.port, "/release")) {
					Response response = connection.get(true);
					if (response.status() == 200 && response.body().trim().endsWith("release " + release)) {
						pids.add(response.pid());
						inARow++;
					}
					else {
						pids.clear();
						inARow = 0;
					}
				}
				catch (IOException ex) {
					Thread.sleep(50);
				}
			}
		}

		/**
		 * Wait until the master's workers can boot fast: one booted with an archive, or the
		 * archive was built; answer the line that says so (also when it could not be built).
		 */
		String awaitFastStart() throws IOException, InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ARCHIVE_TIMEOUT_SECONDS);
			while (true) {
				check(deadline, "log that its archive is built");
				String output = read();
				Matcher built = FAST_START.matcher(output);
				if (built.find()) {
					return built.group(1);
				}
				Matcher started = STARTED.matcher(output);
				while (started.find()) {
					if (started.group(5) != null && started.group(5).startsWith("with")) {
						return "Worker " + started.group(2) + " already boots " + started.group(5)
								+ " (the archive is in the cache)";
					}
				}
				Thread.sleep(200);
			}
		}

		/**
		 * Every worker the master started and saw ready, with its spawn → ready: the time
		 * between the master's "Started Worker" and "is ready" lines (milliseconds), or the
		 * master's own figure where a timestamp does not parse.
		 */
		List<Spawn> spawns() throws IOException {
			String output = read();
			Map<Long, String[]> starts = new HashMap<>();
			Matcher started = STARTED.matcher(output);
			while (started.find()) {
				starts.put(Long.parseLong(started.group(3)), new String[] { started.group(1), started.group(2),
						started.group(4), (started.group(5) != null) ? started.group(5) : "plain" });
			}
			List<Spawn> spawns = new ArrayList<>();
			Matcher ready = READY.matcher(output);
			while (ready.find()) {
				long pid = Long.parseLong(ready.group(3));
				String[] start = starts.get(pid);
				if (start == null) {
					continue;
				}
				double millis = Double.parseDouble(ready.group(4)) * 1000;
				try {
					millis = java.time.Duration
						.between(OffsetDateTime.parse(start[0]), OffsetDateTime.parse(ready.group(1)))
						.toMillis();
				}
				catch (DateTimeParseException ex) {
					// another logging pattern: keep the master's figure (a tenth of a second)
				}
				String mode = start[3].equals("plain") ? "plain" : start[3].contains("CDS") ? "cds" : "aot";
				spawns.add(new Spawn(Integer.parseInt(start[1]), pid, Integer.parseInt(start[2]), mode, millis));
			}
			return spawns;
		}

		long pid() {
			return this.process.pid();
		}

		/** A plain JVM's start to ready: the "process running for" of Boot's "Started" line. */
		List<Double> plainStartSeconds() throws IOException {
			Matcher matcher = PLAIN_STARTED.matcher(read());
			List<Double> seconds = new ArrayList<>();
			while (matcher.find()) {
				seconds.add(Double.parseDouble(matcher.group(1)));
			}
			return seconds;
		}

		/**
		 * Wait for the master's log line that says the rolling restart to the next generation
		 * is done; answer its duration in seconds, between its first and its last line.
		 */
		double awaitRollingRestart() throws IOException, InterruptedException {
			this.generation++;
			String prefix = "Rolling restart to generation " + this.generation;
			Pattern begun = Pattern.compile("^(\\S+) .*" + prefix + ": replacing", Pattern.MULTILINE);
			Pattern done = Pattern.compile("^(\\S+) .*" + prefix + " done: .* in ([0-9.]+) s", Pattern.MULTILINE);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RESTART_TIMEOUT_SECONDS);
			while (true) {
				check(deadline, "log '" + prefix + " done'");
				String output = read();
				Matcher matcher = done.matcher(output);
				if (matcher.find()) {
					Matcher first = begun.matcher(output);
					try {
						if (first.find()) {
							return java.time.Duration
								.between(OffsetDateTime.parse(first.group(1)), OffsetDateTime.parse(matcher.group(1)))
								.toMillis() / 1000.0;
						}
					}
					catch (DateTimeParseException ex) {
						// another logging pattern: keep the master's figure
					}
					return Double.parseDouble(matcher.group(2));
				}
				if (output.contains(prefix + " aborted") || output.contains("Rolling restart refused")) {
					throw new IllegalStateException(prefix + " aborted or refused; see " + this.log);
				}
				Thread.sleep(100);
			}
		}

		String read() throws IOException {
			return new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8);
		}

		private void check(long deadline, String what) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.config.label() + " exited with code " + this.process.exitValue()
						+ " before it could " + what + "; see " + this.log);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.config.label() + " did not " + what + " in time; see " + this.log);
			}
		}

		void signal(String name) throws IOException, InterruptedException {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + this.process.pid() + " failed");
			}
		}

		/**
		 * Stop gracefully (SIGTERM: a master then stops its workers), then kill what is left of
		 * the process and of the descendants it had after {@link #STOP_TIMEOUT_SECONDS}.
		 */
		void stop() {
			if (!LIVE.remove(this)) {
				return;
			}
			List<ProcessHandle> tree = new ArrayList<>(this.process.descendants().toList());
			tree.add(0, this.process.toHandle());
			this.process.destroy();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
			for (ProcessHandle handle : tree) {
				try {
					handle.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
				}
				catch (Exception ex) {
					handle.destroyForcibly();
				}
			}
		}

		static void stopAll() {
			List.copyOf(LIVE).forEach(Server::stop);
		}

	}

	/**
	 * A short helper process ({@code wrk}, {@code jcmd}) with a time limit, its output in a
	 * file; killed by pid when it overruns or the bench is interrupted.
	 */
	static final class Tool {

		private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

		static String run(List<String> command, Path output, long timeoutSeconds) throws Exception {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			LIVE.add(process);
			try {
				process.getOutputStream().close();
				if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
					throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds
							+ " s; see " + output);
				}
				String text = Files.readString(output);
				if (process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " exited with code "
							+ process.exitValue() + ": " + text.strip());
				}
				return text;
			}
			finally {
				process.destroyForcibly();
				LIVE.remove(process);
			}
		}

		static void stopAll() {
			List.copyOf(LIVE).forEach(Process::destroyForcibly);
		}

	}

	/**
	 * One {@code wrk} run against {@code GET /} on 127.0.0.1: requests per second, latency
	 * percentiles (ms) and errors (socket errors and answers other than 2xx or 3xx).
	 */
	record Wrk(double perSecond, double p50, double p99, long requests, long errors, long socketErrors) {

		private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
		private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
		private static final Pattern SOCKET_ERRORS = Pattern
			.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
		private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

		static int threads(int connections) {
			return Math.min(2, connections);
		}

		static Wrk run(int port, int connections, boolean keepAlive, int seconds, Path output) throws Exception {
			List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads(connections), "-c" + connections,
					"-d" + seconds + "s", "--latency", "--timeout", "5s"));
			if (!keepAlive) {
				command.addAll(List.of("-H", "Connection: close"));
			}
			command.add("http://127.0.0.1:" + port + "/");
			return parse(Tool.run(command, output, seconds + 30L));
		}

		/** The figures of wrk's output. */
		static Wrk parse(String text) {
			Matcher perSecond = PER_SECOND.matcher(text);
			Matcher requests = REQUESTS.matcher(text);
			if (!perSecond.find() || !requests.find()) {
				throw new IllegalStateException("wrk printed no requests/sec: " + text.strip());
			}
			long socketErrors = 0;
			Matcher socket = SOCKET_ERRORS.matcher(text);
			if (socket.find()) {
				for (int group = 1; group <= 4; group++) {
					socketErrors += Long.parseLong(socket.group(group));
				}
			}
			long errors = socketErrors;
			Matcher non2xx = NON_2XX.matcher(text);
			if (non2xx.find()) {
				errors += Long.parseLong(non2xx.group(1));
			}
			return new Wrk(Double.parseDouble(perSecond.group(1)), latency(text, "50%"), latency(text, "99%"),
					Long.parseLong(requests.group(1)), errors, socketErrors);
		}

		private static double latency(String text, String percentile) {
			Matcher matcher = Pattern.compile("^\\s*" + percentile + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
				.matcher(text);
			if (!matcher.find()) {
				return Double.NaN;
			}
			double value = Double.parseDouble(matcher.group(1));
			return switch (matcher.group(2)) {
				case "us" -> value / 1000;
				case "s" -> value * 1000;
				default -> value;
			};
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "%,6.0f req/s p99 %6.2f ms%s", this.perSecond, this.p99,
					(this.errors > 0) ? String.format(Locale.US, " errors %,d", this.errors) : "");
		}

	}

	/**
	 * A login through the sample's form, as a browser does it: {@code GET /login} for the
	 * session and its CSRF token, {@code POST /login}, then {@code GET /account} to check
	 * that the session holds the login.
	 */
	static final class Login {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

		/** A ceiling: a worker's first login (Spring Security, the session store) was slower than 10 s at load 50. */
		private static final java.time.Duration LOGIN_TIMEOUT = java.time.Duration.ofSeconds(60);

		private static final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
			.version(java.net.http.HttpClient.Version.HTTP_1_1)
			.followRedirects(java.net.http.HttpClient.Redirect.NEVER)
			.connectTimeout(java.time.Duration.ofSeconds(5))
			.build();

		/** Log in and answer the {@code Cookie} header value that carries the session. */
		static String logIn(int port, String user, String password) throws IOException, InterruptedException {
			Map<String, String> cookies = new LinkedHashMap<>();
			java.net.http.HttpResponse<String> page = send(port, "/login", null, cookies);
			Matcher token = CSRF.matcher(page.body());
			if (page.statusCode() != 200 || !token.find()) {
				throw new IllegalStateException("GET /login answered " + page.statusCode() + " without a CSRF token");
			}
			String form = "username=" + user + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)
					+ "&_csrf=" + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
			java.net.http.HttpResponse<String> login = send(port, "/login", form, cookies);
			String location = login.headers().firstValue("Location").orElse("");
			if (login.statusCode() != 302 || !location.endsWith("/account")) {
				throw new IllegalStateException("POST /login answered " + login.statusCode() + " to '" + location
						+ "' instead of a redirect to /account: wrong password?");
			}
			String cookie = cookies.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.collect(Collectors.joining("; "));
			java.net.http.HttpResponse<String> account = send(port, "/account", null, cookies);
			if (account.statusCode() != 200 || !account.body().contains(" user " + user + " ")) {
				throw new IllegalStateException("GET /account after the login answered " + account.statusCode() + " "
						+ account.body().strip());
			}
			return cookie;
		}

		private static java.net.http.HttpResponse<String> send(int port, String path, String form,
				Map<String, String> cookies) throws IOException, InterruptedException {
			java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
				.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
				.timeout(LOGIN_TIMEOUT);
			if (!cookies.isEmpty()) {
				request.header("Cookie", cookies.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + "=" + entry.getValue())
					.collect(Collectors.joining("; ")));
			}
			if (form != null) {
				request.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form));
			}
			java.net.http.HttpResponse<String> response = client.send(request.build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			for (String setCookie : response.headers().allValues("Set-Cookie")) {
				String[] pair = setCookie.split(";", 2)[0].split("=", 2);
				if (pair.length == 2 && !pair[1].isEmpty()) {
					cookies.put(pair[0].trim(), pair[1].trim());
				}
			}
			return response;
		}

	}

	/**
	 * One {@code wrk} run with keep-alive and a session cookie against {@code GET /account}:
	 * its figures, and how many answers were the account page (a Lua script checks every
	 * answer: {@code wrk} itself counts a redirect to {@code /login} as a success).
	 */
	record SessionLoad(Wrk wrk, long answered, long failed) {

		static final String SCRIPT = """
				-- Counts the answers that are the account page of the logged-in user, and the others.
				local threads = {}
				function setup(thread)
				  table.insert(threads, thread)
				end
				function init(args)
				  answered = 0
				  failed = 0
				end
				function response(status, headers, body)
				  if status == 200 and body and string.find(body, " user user visits ", 1, true) then
				    answered = answered + 1
				  else
				    failed = failed + 1
				  end
				end
				function done(summary, latency, requests)
				  local a, f = 0, 0
				  for _, thread in ipairs(threads) do
				    a = a + thread:get("answered")
				    f = f + thread:get("failed")
				  end
				  io.write(string.format("account pages %d, other answers %d\\n", a, f))
				end
				""";

		private static final Pattern COUNTS = Pattern.compile("account pages (\\d+), other answers (\\d+)");

		static SessionLoad run(int port, int connections, String cookie, int seconds, Path script, Path output)
				throws Exception {
			String text = Tool.run(List.of("wrk", "-t" + Wrk.threads(connections), "-c" + connections,
					"-d" + seconds + "s", "--latency", "--timeout", "5s", "-s", script.toString(), "-H",
					"Cookie: " + cookie, "http://127.0.0.1:" + port + "/account"), output, seconds + 30L);
			Wrk wrk = Wrk.parse(text);
			Matcher counts = COUNTS.matcher(text);
			if (!counts.find()) {
				throw new IllegalStateException("wrk's session script printed no counts: " + text.strip());
			}
			// a socket error or a timeout got no answer for the script to see
			return new SessionLoad(wrk, Long.parseLong(counts.group(1)),
					Long.parseLong(counts.group(2)) + wrk.socketErrors());
		}

		/** The requests per second answered with the account page. */
		double answeredPerSecond() {
			long all = this.answered + this.failed;
			return (all > 0) ? this.wrk.perSecond() * this.answered / all : 0;
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "%,6.0f req/s p99 %6.2f ms, failed %,d of %,d", answeredPerSecond(),
					this.wrk.p99(), this.failed, this.answered + this.failed);
		}

	}

	/** {@code jcmd} of the bench's own JDK against one JVM, each answer kept in a log. */
	record Jcmd(long pid, Path logs) {

		private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

		String run(String... command) throws Exception {
			List<String> line = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(this.pid)));
			line.addAll(List.of(command));
			String name = "jcmd-" + this.pid + "-" + String.join("-", command).replace('=', '-') + "-"
					+ CALLS.incrementAndGet() + ".log";
			return Tool.run(line, this.logs.resolve(name), 60);
		}

		/** The loaded classes (hidden classes and lambdas too) by their package's first 3 parts. */
		Map<String, Integer> packages() throws Exception {
			Map<String, Integer> counts = new HashMap<>();
			Pattern name = Pattern.compile("^[|\\s-]*([A-Za-z_$][\\w$.]*)/");
			for (String line : run("VM.class_hierarchy").split("\n")) {
				Matcher matcher = name.matcher(line);
				if (matcher.find()) {
					String[] parts = matcher.group(1).split("\\.");
					int keep = Math.min(3, Math.max(parts.length - 1, 1));
					counts.merge(String.join(".", Arrays.asList(parts).subList(0, keep)), 1, Integer::sum);
				}
			}
			Map<String, Integer> sorted = new LinkedHashMap<>();
			counts.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
			return sorted;
		}

	}

}
