package io.github.clustermaster.bench.measure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterEvent;
import org.jspecify.annotations.Nullable;

/**
 * What the bench reads of a master: what the supervisor and the master did from its event
 * log ({@code cluster.master.event-log}, see {@code docs/events.md}: workers, rollouts, the
 * archives built), and from the output (its own lines and its workers') only what no event
 * says: Boot's lines of a worker's boot, an archive reused or not built, a worker's
 * warm-up. Every pattern of log wording the
 * bench depends on is in this one class.
 *
 * @author cluster-master
 */
public final class MasterLog {

	/** A worker's boot in phases: to its "Starting", its web server's start, Boot's "Started", ready. */
	public static final List<String> BOOT_PHASES = List.of("main", "web_server", "started", "ready");

	/** Boot's default console pattern: time, level, pid, {@code ---}, thread and logger, {@code :}, message. */
	private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+[A-Z]+\\s+(\\d+) --- .*? : (.*)$");

	private static final Pattern PLAIN_STARTED = Pattern
		.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern FAST_START = Pattern
		.compile("((?:Built|Reusing) the .* archive .*|Giving up on a .*|Could not build the .*)");

	private static final Pattern WARMED_UP = Pattern
		.compile("warmed up before joining the shared port: (\\d+ requests in [0-9.]+ s)");

	private static final Pattern WEB_SERVER_STARTED = Pattern.compile("(Tomcat|Jetty|Netty) started on port.*");

	private static final Pattern BOOT_STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds.*");

	private final List<String> output;

	private final List<ClusterEvent> events;

	/** The output parsed, once something asks for it (a wait on events never does). */
	private @Nullable List<Line> lines;

	/**
	 * Read a master's output and events.
	 * @param lines its output, with its workers'
	 * @param events its event log
	 */
	public MasterLog(List<String> lines, List<ClusterEvent> events) {
		this.output = lines;
		this.events = events;
	}

	private List<Line> lines() {
		if (this.lines == null) {
			this.lines = this.output.stream().map(Line::of).toList();
		}
		return this.lines;
	}

	/**
	 * Every worker the master started and saw ready, in the order they were ready, with its
	 * spawn → ready: from its {@code worker-started} event to its {@code worker-ready}.
	 */
	public List<Spawn> spawns() {
		Map<Long, ClusterEvent> started = new HashMap<>();
		List<Spawn> spawns = new ArrayList<>();
		for (ClusterEvent event : this.events) {
			if (event.name().equals("worker-started")) {
				started.put(event.number("pid"), event);
			}
			else if (event.name().equals("worker-ready") && started.containsKey(event.number("pid"))) {
				ClusterEvent start = started.get(event.number("pid"));
				spawns.add(new Spawn((int) start.number("worker"), start.number("pid"),
						(int) start.number("generation"), mode(start),
						Duration.between(start.time(), event.time()).toMillis()));
			}
		}
		return spawns;
	}

	/** How a started worker boots: {@code plain}, {@code cds} or {@code aot}, from the launcher's note. */
	private static String mode(ClusterEvent started) {
		String boot = started.text("boot");
		return boot.contains("boots with CDS") ? "cds" : boot.contains("boots with AOT cache") ? "aot" : "plain";
	}

	/**
	 * The boot of each replacement (a worker of generation 2 or later) in the phases of
	 * {@link #BOOT_PHASES}: its {@code worker-started} event, the worker's "Starting … with
	 * PID" (the JVM, the launcher, logging), its web server's "started on port" (the
	 * context's refresh up to the server), Boot's "Started … in" (the end of the refresh)
	 * and its {@code worker-ready} event (runners, the ready event, the report over IPC):
	 * for each with every phase, the five times in epoch milliseconds.
	 */
	public List<long[]> bootPhases() {
		Map<Long, long[]> times = new LinkedHashMap<>();
		for (ClusterEvent event : this.events) {
			if (event.name().equals("worker-started") && event.number("generation") > 1) {
				times.put(event.number("pid"), new long[] { event.time().toEpochMilli(), 0, 0, 0, 0 });
			}
			else if (event.name().equals("worker-ready")) {
				phase(times, event.number("pid"), 4, event.time().toEpochMilli());
			}
		}
		for (Line line : lines()) {
			if (line.at() == null) {
				continue;
			}
			long at = line.at().toEpochMilli();
			String message = line.message();
			if (message.startsWith("Starting ") && message.contains(" with PID " + line.pid())) {
				phase(times, line.pid(), 1, at);
			}
			else if (WEB_SERVER_STARTED.matcher(message).matches()) {
				phase(times, line.pid(), 2, at);
			}
			else if (BOOT_STARTED.matcher(message).matches()) {
				phase(times, line.pid(), 3, at);
			}
		}
		return times.values().stream().filter((t) -> Arrays.stream(t).allMatch((v) -> v > 0)).toList();
	}

	/**
	 * One worker's spawn → ready as its master reported it.
	 *
	 * @param worker its id
	 * @param pid its pid
	 * @param generation the generation it was started in
	 * @param mode how it booted: {@code plain}, {@code cds} or {@code aot}
	 * @param millis from the master's start of it to its ready
	 */
	public record Spawn(int worker, long pid, int generation, String mode, double millis) {

	}

	private static void phase(Map<Long, long[]> times, long pid, int phase, long at) {
		long[] t = times.get(pid);
		if (t != null && t[phase] == 0) {
			t[phase] = at;
		}
	}

	/** A plain JVM's start to ready: the "process running for" of Boot's "Started" lines, in seconds. */
	public List<Double> plainStartSeconds() {
		return find(PLAIN_STARTED).stream().map((matcher) -> Double.parseDouble(matcher.group(1))).toList();
	}

	/**
	 * Whether the master's workers can boot fast: the line that says their archive was
	 * built or reused (or could not be), or that a worker already boots with it.
	 */
	public Optional<String> fastStart() {
		List<Matcher> built = find(FAST_START);
		if (!built.isEmpty()) {
			return Optional.of(built.get(0).group(1));
		}
		return this.events.stream()
			.filter((event) -> event.name().equals("worker-started") && !mode(event).equals("plain"))
			.findFirst()
			.map((event) -> "Worker " + event.number("worker") + " already boots "
					+ event.text("boot").replaceFirst(".*boots ", "") + " (the archive is in the cache)");
	}

	/**
	 * The seconds of the rolling restart to a generation, from its {@code rollout-started}
	 * event to its {@code rollout-done}, or empty while it runs; an
	 * {@link IllegalStateException} if it was aborted or a restart was refused.
	 */
	public Optional<Double> rollingRestart(int generation) {
		Optional<ClusterEvent> begun = rollout("rollout-started", generation);
		Optional<ClusterEvent> done = rollout("rollout-done", generation);
		if (done.isPresent()) {
			return Optional.of(begun.map((event) -> Duration.between(event.time(), done.get().time()).toMillis())
				.orElse(done.get().number("tookMs")) / 1000.0);
		}
		rollout("rollout-aborted", generation)
			.or(() -> this.events.stream().filter((event) -> event.name().equals("rollout-refused")).findFirst())
			.ifPresent((event) -> {
				throw new IllegalStateException(
						"Rolling restart to generation " + generation + " aborted or refused: " + event);
			});
		return Optional.empty();
	}

	/** When the master reported the rolling restart to a generation done. */
	public Optional<Instant> rollingRestartDone(int generation) {
		return rollout("rollout-done", generation).map(ClusterEvent::time);
	}

	private Optional<ClusterEvent> rollout(String name, int generation) {
		return this.events.stream()
			.filter((event) -> event.name().equals(name) && !event.flag("rollback")
					&& event.number("generation") == generation)
			.findFirst();
	}

	/** Every training run of an archive: when the master reported it built ({@code archive-built}), and its seconds. */
	public Map<Instant, Double> archivesBuilt() {
		Map<Instant, Double> built = new LinkedHashMap<>();
		this.events.stream()
			.filter((event) -> event.name().equals("archive-built"))
			.forEach((event) -> built.put(event.time(), event.number("tookMs") / 1000.0));
		return built;
	}

	/** The pids of the hot spares the master saw ready, in order. */
	public Set<Long> readySpares() {
		Set<Long> pids = new LinkedHashSet<>();
		this.events.stream()
			.filter((event) -> event.name().equals("worker-ready") && event.flag("spare"))
			.forEach((event) -> pids.add(event.number("pid")));
		return pids;
	}

	/** The warm-ups of workers before they joined the shared port: {@code 2000 requests in 3.1 s}. */
	public List<String> warmUps() {
		return find(WARMED_UP).stream().map((matcher) -> matcher.group(1)).toList();
	}

	/** Whether a worker ran the code generated by Spring AOT ({@code Starting AOT-processed}). */
	public boolean aotProcessed() {
		return lines().stream().anyMatch((line) -> line.message().contains("Starting AOT-processed"));
	}

	private List<Matcher> find(Pattern pattern) {
		List<Matcher> found = new ArrayList<>();
		for (Line line : lines()) {
			Matcher matcher = pattern.matcher(line.message());
			if (matcher.find()) {
				found.add(matcher);
			}
		}
		return found;
	}

	/** A line: its time and pid where it is in Boot's format, its message (else the whole line). */
	private record Line(@Nullable Instant at, long pid, String message) {

		static Line of(String text) {
			Matcher line = LINE.matcher(text);
			if (!line.matches()) {
				return new Line(null, -1, text);
			}
			Instant at;
			try {
				at = OffsetDateTime.parse(line.group(1)).toInstant();
			}
			catch (DateTimeParseException ex) {
				at = null;
			}
			return new Line(at, Long.parseLong(line.group(2)), line.group(3));
		}

	}

}
