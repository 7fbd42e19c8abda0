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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
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
import java.util.stream.Stream;

/**
 * Measures the sample app as one plain JVM ({@code cluster.master.enabled=false}) against a
 * master and its workers: requests per second over keep-alive connections and over a new
 * connection per request, then the requests lost while the application restarts under load
 * (stop + start of the plain JVM, against {@code kill -HUP} of the master). Every figure
 * comes from real processes on a free loopback port. Run it with {@code bench/run}: the
 * first argument is the sample jar, the others are options ({@code --help}).
 *
 * @author cluster-master
 */
public final class ClusterBench {

	static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
	static final int CONNECT_TIMEOUT_MILLIS = 2_000;
	static final int READ_TIMEOUT_MILLIS = 10_000;
	static final int RESTART_THREADS = 4;
	static final long RESTART_PAUSE_MILLIS = 5;
	static final long STEADY_MILLIS = 2_000;
	static final String USAGE = "usage: bench/run [--build] [--quick] [--rounds=3] [--connections=8] [--warmup=40] "
			+ "[--window=10] [--restarts=3] [--size=2]\n  times in seconds; --quick: a smoke test (1 round, 2 s "
			+ "warm-up and windows, 1 restart); --build: rebuild the sample jar first";

	/** Set by the shutdown hook: Ctrl-C or SIGTERM, not a failure of the run. */
	private static volatile boolean interrupted;

	private final Path jar;

	private final Path logs;

	private final Options options;

	private final Config baseline = new Config("baseline (1 JVM)", List.of("--cluster.master.enabled=false"), 1,
			false);

	private final Config cluster;

	/** Seconds from a JVM's start to ready: the plain JVM's own, and each worker's as its master saw it. */
	private final Map<Config, List<Double>> starts = new LinkedHashMap<>();

	/** Resident memory in MiB, read from {@code /proc} once the restarts are over. */
	private final Map<String, Double> memory = new LinkedHashMap<>();

	private double respawnSeconds = Double.NaN;

	ClusterBench(Path jar, Path logs, Options options) {
		this.jar = jar;
		this.logs = logs;
		this.options = options;
		this.cluster = new Config("cluster (" + options.size() + " workers)",
				List.of("--cluster.master.size=" + options.size(), "--cluster.master.repl=off"), options.size(), true);
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
		Path jar = Files.copy(source, logs.resolve(source.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			interrupted = true;
			cleanUp(jar);
		}, "clean-up"));
		int code = 0;
		try {
			new ClusterBench(jar, logs, options).run(source);
		}
		catch (Exception ex) {
			// On Ctrl-C the hook stops the servers under the run, which then sees them exit
			System.err.println("bench/run: " + (interrupted ? "interrupted" : "failed: " + ex.getMessage()) + " (logs in "
					+ logs + ")");
			code = 1;
		}
		finally {
			cleanUp(jar);
		}
		System.exit(code);
	}

	/** Stop every server still running, then delete the copy of the jar; also on Ctrl-C. */
	static void cleanUp(Path jar) {
		Server.stopAll();
		try {
			Files.deleteIfExists(jar);
		}
		catch (IOException ex) {
			// left in the log directory
		}
	}

	void run(Path source) throws Exception {
		header(source);
		Map<Config, List<Phase>> kept = Map.of(this.baseline, new ArrayList<>(), this.cluster, new ArrayList<>());
		Map<Config, List<Phase>> renewed = Map.of(this.baseline, new ArrayList<>(), this.cluster, new ArrayList<>());
		for (int round = 1; round <= this.options.rounds(); round++) {
			for (Config config : (round % 2 == 1) ? List.of(this.baseline, this.cluster)
					: List.of(this.cluster, this.baseline)) {
				Server server = Server.start(config, this.jar, freePort(), log(config, "round-" + round));
				try {
					server.awaitReady();
					kept.get(config).add(throughput(server.port, true));
					renewed.get(config).add(throughput(server.port, false));
				}
				finally {
					server.stop();
				}
				print("round %d/%d  %-20s keep-alive %s | new connection %s", round, this.options.rounds(),
						config.label(), kept.get(config).get(round - 1), renewed.get(config).get(round - 1));
			}
		}
		this.starts.put(this.baseline, new ArrayList<>());
		this.starts.put(this.cluster, new ArrayList<>());
		List<Restart> stops = restarts(this.baseline);
		List<Restart> rolls = restarts(this.cluster);
		String each = plural(this.options.rounds(), "round") + " x " + this.options.window() + " s after "
				+ this.options.warmup() + " s warm-up";
		print("");
		printThroughput("throughput, keep-alive, " + plural(this.options.connections(), "connection") + ", " + each,
				kept, true);
		printThroughput("throughput, new connection per request, " + plural(this.options.connections(), "thread") + ", "
				+ each, renewed, false);
		long warming = Stream.concat(kept.values().stream(), renewed.values().stream())
			.flatMap(List::stream)
			.filter(Phase::warming)
			.count();
		if (warming > 0) {
			print("  note: in %d of %d windows the 2nd half was over 10%% faster than the 1st (the JIT still warming "
					+ "up, or noise): try a longer --warmup", warming, 4 * this.options.rounds());
		}
		if (!stops.isEmpty()) {
			print("restart under load, %d threads, new connection per request, %d ms pause after each, %s",
					RESTART_THREADS, RESTART_PAUSE_MILLIS, plural(this.options.restarts(), "restart"));
			print("  baseline: stop + start    %s   no answer for %.1f s", Restart.summary(stops),
					median(stops, Restart::gapSeconds));
			print("  cluster:  rolling restart %s   took %.1f s, longest wait %.2f s", Restart.summary(rolls),
					median(rolls, Restart::tookSeconds), median(rolls, Restart::gapSeconds));
		}
		if (!stops.isEmpty()) {
			printStartsAndMemory();
		}
		print("(medians across rounds and restarts; logs in %s)", this.logs);
	}

	private void printStartsAndMemory() {
		List<Double> plain = this.starts.get(this.baseline);
		List<Double> workers = this.starts.get(this.cluster);
		print("start to ready in the restarts above (the first start without load, the others under it), "
				+ "and memory once they are over");
		print("  baseline: JVM start to ready       %5.1f s (median of %d)   RSS %s", median(plain, Double::doubleValue),
				plain.size(), mebibytes(this.memory.get("baseline")));
		print("  cluster:  worker spawn to ready    %5.1f s (median of %d)   RSS master %s, workers %s each (median)",
				median(workers, Double::doubleValue), workers.size(), mebibytes(this.memory.get("master")),
				mebibytes(this.memory.get("worker")));
		print("  cluster:  kill -9 of a worker to its replacement ready, no load: %.1f s", this.respawnSeconds);
	}

	private static String mebibytes(Double value) {
		return (value == null || value.isNaN()) ? "unknown" : String.format(Locale.US, "%,.0f MiB", value);
	}

	private void header(Path source) throws IOException {
		int cores = Runtime.getRuntime().availableProcessors();
		print("cluster-master benchmark, %s UTC", LocalDateTime.now(ZoneOffset.UTC).withNano(0));
		print("java %s (%s), %s %s, %d cores, load average %s at start", Runtime.version(),
				System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.version"),
				cores, loadAverage());
		print("jar %s (built %s UTC), run from a copy in %s", source,
				LocalDateTime.ofInstant(Files.getLastModifiedTime(source).toInstant(), ZoneOffset.UTC).withNano(0),
				this.logs);
		print("note: the load client runs on this machine too and shares its %d cores with the servers "
				+ "(the cluster is %d worker JVMs + an idle master)", cores, this.options.size());
		print("each round starts fresh JVMs (baseline and cluster, order swapped every other round), then measures "
				+ "%d s on keep-alive connections and %d s with a new connection per request,", this.options.window(),
				this.options.window());
		print("each after %d s of the same load unmeasured: the JIT's warm-up, slower in a cluster (each worker gets "
				+ "part of the load)", this.options.warmup());
		print("");
	}

	private Phase throughput(int port, boolean keepAlive) throws InterruptedException {
		long from = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.options.warmup());
		long to = from + TimeUnit.SECONDS.toNanos(this.options.window());
		Load load = Load.start(port, this.options.connections(), keepAlive, 0, from, to);
		TimeUnit.NANOSECONDS.sleep(to - System.nanoTime());
		return Phase.of(load.stop(), from, to);
	}

	/**
	 * Restart one configuration under load, {@code restarts} times: the baseline is stopped
	 * and started again on the same port, the cluster gets SIGHUP (a rolling restart).
	 */
	private List<Restart> restarts(Config config) throws Exception {
		List<Restart> results = new ArrayList<>();
		if (this.options.restarts() == 0) {
			return results;
		}
		int port = freePort();
		Server server = Server.start(config, this.jar, port, log(config, "restart-0"));
		try {
			server.awaitReady();
			if (!config.master()) {
				// A master's log has them all, read once the restarts are over
				this.starts.get(config).addAll(server.readySeconds());
			}
			for (int i = 1; i <= this.options.restarts(); i++) {
				Load load = Load.start(port, RESTART_THREADS, false, RESTART_PAUSE_MILLIS, Long.MIN_VALUE,
						Long.MAX_VALUE);
				double took;
				try {
					Thread.sleep(STEADY_MILLIS);
					long start = System.nanoTime();
					if (config == this.cluster) {
						server.signal("HUP");
						took = server.awaitRollingRestart(i + 1);
					}
					else {
						server.stop();
						server = Server.start(config, this.jar, port, log(config, "restart-" + i));
						server.awaitReady();
						took = (System.nanoTime() - start) / 1e9;
						this.starts.get(config).addAll(server.readySeconds());
					}
					Thread.sleep(STEADY_MILLIS);
				}
				finally {
					load.stop();
				}
				results.add(Restart.of(load.tallies, took));
				print("restart %d/%d  %-20s %s", i, this.options.restarts(), config.label(), results.get(i - 1));
			}
			if (config == this.cluster) {
				this.starts.get(config).addAll(server.readySeconds());
				this.memory.put("master", rssMebibytes(server.pid()));
				this.memory.put("worker", median(server.children(), ClusterBench::rssMebibytes));
				this.respawnSeconds = server.awaitRespawn();
			}
			else {
				this.memory.put("baseline", rssMebibytes(server.pid()));
			}
		}
		finally {
			server.stop();
		}
		return results;
	}

	private void printThroughput(String title, Map<Config, List<Phase>> phases, boolean keepAlive) {
		print(title);
		double base = median(phases.get(this.baseline), Phase::perSecond);
		for (Config config : List.of(this.baseline, this.cluster)) {
			List<Phase> rounds = phases.get(config);
			double perSecond = median(rounds, Phase::perSecond);
			String retries = keepAlive ? String.format(Locale.US, "  retries %,d", sum(rounds, Phase::retries)) : "";
			String ratio = (config == this.cluster) ? String.format(Locale.US, "   ratio %.2f", perSecond / base) : "";
			print("  %-20s %,7.0f req/s   p50 %.2f ms  p99 %5.2f ms   failed %,d%s%s", config.label(), perSecond,
					median(rounds, Phase::p50), median(rounds, Phase::p99), sum(rounds, Phase::failed), retries, ratio);
		}
	}

	private Path log(Config config, String what) {
		return this.logs.resolve(((config == this.baseline) ? "baseline-" : "cluster-") + what + ".log");
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

	static <T> double median(List<T> values, ToDoubleFunction<T> value) {
		double[] sorted = values.stream().mapToDouble(value).sorted().toArray();
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
	record Options(int rounds, int connections, int warmup, int window, int restarts, int size) {

		static Options parse(List<String> args) {
			Map<String, Integer> values = new LinkedHashMap<>(Map.of("rounds", 3, "connections", 8, "warmup", 40,
					"window", 10, "restarts", 3, "size", 2));
			if (args.contains("--quick")) {
				values.putAll(Map.of("rounds", 1, "warmup", 2, "window", 2, "restarts", 1));
			}
			Pattern option = Pattern.compile("--([a-z]+)=(\\d{1,4})");
			for (String arg : args) {
				Matcher matcher = option.matcher(arg);
				if (matcher.matches() && values.containsKey(matcher.group(1))) {
					values.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
				}
				else if (!arg.equals("--quick")) {
					throw new IllegalArgumentException("unknown option or bad value '" + arg + "'");
				}
			}
			if (values.get("rounds") < 1 || values.get("window") < 1 || values.get("connections") < 1
					|| values.get("size") < 1 || values.get("connections") > 256 || values.get("size") > 16) {
				throw new IllegalArgumentException("rounds, window, connections (256 at most) and size (16 at most) "
						+ "must be 1 or more");
			}
			return new Options(values.get("rounds"), values.get("connections"), values.get("warmup"),
					values.get("window"), values.get("restarts"), values.get("size"));
		}

	}

	/**
	 * How the sample app is started, how many distinct pids answer once it is ready, and
	 * whether it runs as a master.
	 */
	record Config(String label, List<String> args, int answering, boolean master) {

	}

	/** One measured window: requests per second, latency percentiles (ms), share of each pid. */
	record Phase(double perSecond, double p50, double p99, long failed, long retries, String shares, double growth) {

		static Phase of(List<Tally> tallies, long from, long to) {
			long[] latencies = tallies.stream()
				.flatMapToLong((tally) -> tally.latencies.stream().mapToLong(Long::longValue))
				.sorted()
				.toArray();
			Map<String, Long> pids = new TreeMap<>();
			tallies.forEach((tally) -> tally.pids.forEach((pid, count) -> pids.merge(pid, count, Long::sum)));
			List<String> shares = pids.values().stream().sorted(Comparator.reverseOrder())
				.map((count) -> Long.toString(Math.round(100.0 * count / latencies.length)))
				.toList();
			long firstHalf = tallies.stream().flatMap((tally) -> tally.times.stream())
				.filter((time) -> time < from + (to - from) / 2)
				.count();
			return new Phase(latencies.length / ((to - from) / 1e9), percentile(latencies, 0.50),
					percentile(latencies, 0.99), sum(tallies, Tally::failed), sum(tallies, (tally) -> tally.retries),
					(shares.size() > 1) ? " (% per worker " + String.join("/", shares) + ")" : "",
					(double) (latencies.length - firstHalf) / Math.max(firstHalf, 1) - 1);
		}

		boolean warming() {
			return this.growth > 0.10;
		}

		static double percentile(long[] sorted, double quantile) {
			return (sorted.length == 0) ? Double.NaN : sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "%,6.0f req/s p99 %5.2f ms%s%s", this.perSecond, this.p99, this.shares,
					warming() ? String.format(Locale.US, ", not steady: +%.0f%% in the 2nd half", 100 * this.growth)
							: "");
		}

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

		static String summary(List<Restart> restarts) {
			return String.format(Locale.US, "failed %,6.0f per restart of %,7d sent", median(restarts, Restart::failed),
					sum(restarts, Restart::sent));
		}

		@Override
		public String toString() {
			return String.format(Locale.US, "sent %,6d, failed %,6d%s, took %.1f s, no answer for at most %.2f s",
					this.sent, this.failed, this.kinds, this.tookSeconds, this.gapSeconds);
		}

	}

	/** What one load thread saw in its window; latencies and answer times in nanoseconds. */
	static final class Tally {

		long sent;
		long retries;
		final Map<String, Long> failures = new TreeMap<>();
		final Map<String, Long> pids = new LinkedHashMap<>();
		final List<Long> latencies = new ArrayList<>();
		final List<Long> times = new ArrayList<>();

		long failed() {
			return this.failures.values().stream().mapToLong(Long::longValue).sum();
		}

		void record(Response response, IOException error, boolean retried, long latency, long end) {
			this.sent++;
			this.retries += retried ? 1 : 0;
			if (error != null || response.status() != 200) {
				this.failures.merge((error != null) ? kind(error) : "not 200", 1L, Long::sum);
				return;
			}
			this.latencies.add(latency);
			this.times.add(end);
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
	 * One HTTP/1.1 connection on a raw socket: sends {@code GET /}, reads the status line, the
	 * headers and a {@code Content-Length}, chunked or close-delimited body.
	 */
	static final class Connection implements Closeable {

		private static final byte[] GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII);

		// With "Connection: close" the server closes first, so TIME_WAIT stays on its side and
		// thousands of short connections do not use up the client's ephemeral ports.
		private static final byte[] GET_AND_CLOSE = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII);

		private final Socket socket;
		private final InputStream in;
		private final OutputStream out;

		private Connection(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
		}

		static Connection open(int port) throws IOException {
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.setSoTimeout(READ_TIMEOUT_MILLIS);
				socket.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
				return new Connection(socket);
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
		}

		Response get(boolean close) throws IOException {
			int first;
			try {
				this.out.write(close ? GET_AND_CLOSE : GET);
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
	 * One started app JVM (plain, or a master), its output in a log file. Every live server is
	 * stopped in a {@code finally} block and by a shutdown hook, its descendants too.
	 */
	static final class Server {

		private static final Set<Server> LIVE = ConcurrentHashMap.newKeySet();
		private static final long READY_TIMEOUT_SECONDS = 180;
		private static final long RESTART_TIMEOUT_SECONDS = 300;
		private static final long STOP_TIMEOUT_SECONDS = 30;
		private static final List<String> DEFAULT_SIGNALS = probeDefaultSignals();
		private static final Pattern WORKER_READY = Pattern.compile("\\) is ready after ([0-9.]+) s");
		private static final Pattern PLAIN_READY = Pattern
			.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

		private final Config config;
		private final int port;
		private final Path log;
		private final Process process;

		private Server(Config config, int port, Path log, Process process) {
			this.config = config;
			this.port = port;
			this.log = log;
			this.process = process;
		}

		static Server start(Config config, Path jar, int port, Path log) throws IOException {
			List<String> command = new ArrayList<>(DEFAULT_SIGNALS);
			command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
					jar.toString(), "--server.port=" + port));
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

		long pid() {
			return this.process.pid();
		}

		/** The direct children: a master's workers. */
		List<Long> children() {
			return this.process.children().map(ProcessHandle::pid).toList();
		}

		/**
		 * Seconds from start to ready found in the log: each worker's "is ready after" as its
		 * master logs it, or the plain JVM's "process running for" when Boot logs it started.
		 */
		List<Double> readySeconds() throws IOException {
			Pattern ready = this.config.master() ? WORKER_READY : PLAIN_READY;
			Matcher matcher = ready.matcher(Files.readString(this.log));
			List<Double> seconds = new ArrayList<>();
			while (matcher.find()) {
				seconds.add(Double.parseDouble(matcher.group(1)));
			}
			return seconds;
		}

		/** Kill one worker with SIGKILL and wait until the master logs a replacement ready. */
		double awaitRespawn() throws IOException, InterruptedException {
			int before = readySeconds().size();
			ProcessHandle victim = this.process.children().findFirst().orElseThrow(
					() -> new IllegalStateException(this.config.label() + " has no worker to kill"));
			long start = System.nanoTime();
			victim.destroyForcibly();
			long deadline = start + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
			while (readySeconds().size() == before) {
				check(deadline, "log a replacement of the killed worker " + victim.pid() + " ready");
				Thread.sleep(50);
			}
			return (System.nanoTime() - start) / 1e9;
		}

		/** Wait for the master's log line that says rolling restart to a generation is done. */
		double awaitRollingRestart(int generation) throws IOException, InterruptedException {
			String prefix = "Rolling restart to generation " + generation;
			Pattern done = Pattern.compile(prefix + " done: .* in ([0-9.]+) s");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RESTART_TIMEOUT_SECONDS);
			while (true) {
				check(deadline, "log '" + prefix + " done'");
				String output = new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8);
				Matcher matcher = done.matcher(output);
				if (matcher.find()) {
					return Double.parseDouble(matcher.group(1));
				}
				if (output.contains(prefix + " aborted")) {
					throw new IllegalStateException(prefix + " aborted; see " + this.log);
				}
				Thread.sleep(200);
			}
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
			tree.add(this.process.toHandle());
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

}
