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

import org.jspecify.annotations.Nullable;

/**
 * What the bench reads from the output of a master (its own lines and its workers'): every
 * pattern of the supervisor's and Boot's log wording the bench depends on is in this one
 * class, to be replaced by the supervisor's events where they say the same.
 *
 * @author cluster-master
 */
public final class MasterLog {

	/** A worker's boot in phases: to its "Starting", its web server's start, Boot's "Started", ready. */
	public static final List<String> BOOT_PHASES = List.of("main", "web_server", "started", "ready");

	/** Boot's default console pattern: time, level, pid, {@code ---}, thread and logger, {@code :}, message. */
	private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+[A-Z]+\\s+(\\d+) --- .*? : (.*)$");

	private static final Pattern STARTED = Pattern.compile("Started Worker (\\d+) \\(pid (\\d+)\\) in "
			+ "generation (\\d+)(?:, release \\w+, boots (plain|with CDS|with AOT cache))?");

	private static final Pattern READY = Pattern.compile("Worker (\\d+) \\(pid (\\d+)\\) is ready after ([0-9.]+) s");

	private static final Pattern SPARE_READY = Pattern.compile("Spare worker \\d+ \\(pid (\\d+)\\) is ready after");

	private static final Pattern PLAIN_STARTED = Pattern
		.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Pattern FAST_START = Pattern
		.compile("((?:Built|Reusing) the .* archive .*|Giving up on a .*|Could not build the .*)");

	private static final Pattern ARCHIVE_BUILT = Pattern.compile("Built the .* archive of .* in ([0-9.]+) s");

	private static final Pattern WARMED_UP = Pattern
		.compile("warmed up before joining the shared port: (\\d+ requests in [0-9.]+ s)");

	private static final Pattern WEB_SERVER_STARTED = Pattern.compile("(Tomcat|Jetty|Netty) started on port.*");

	private static final Pattern BOOT_STARTED = Pattern.compile("Started \\S+ in [0-9.]+ seconds.*");

	private final List<Line> lines;

	public MasterLog(List<String> lines) {
		this.lines = lines.stream().map(Line::of).toList();
	}

	/**
	 * Every worker the master started and saw ready, in that order, with its spawn → ready:
	 * from the master's "Started Worker" to its "is ready" line, or the master's own figure
	 * (a tenth of a second) where a time does not parse.
	 */
	public List<Spawn> spawns() {
		Map<Long, Line> starts = new HashMap<>();
		Map<Long, Matcher> started = new HashMap<>();
		for (Line line : this.lines) {
			Matcher matcher = STARTED.matcher(line.message());
			if (matcher.find()) {
				starts.put(Long.parseLong(matcher.group(2)), line);
				started.put(Long.parseLong(matcher.group(2)), matcher);
			}
		}
		List<Spawn> spawns = new ArrayList<>();
		for (Line line : this.lines) {
			Matcher ready = READY.matcher(line.message());
			long pid = ready.find() ? Long.parseLong(ready.group(2)) : -1;
			Matcher start = started.get(pid);
			if (start == null) {
				continue;
			}
			Instant from = starts.get(pid).at();
			double millis = (from != null && line.at() != null) ? Duration.between(from, line.at()).toMillis()
					: Double.parseDouble(ready.group(3)) * 1000;
			String boots = (start.group(4) != null) ? start.group(4) : "plain";
			String mode = boots.equals("plain") ? "plain" : boots.contains("CDS") ? "cds" : "aot";
			spawns.add(new Spawn(Integer.parseInt(start.group(1)), pid, Integer.parseInt(start.group(3)), mode, millis));
		}
		return spawns;
	}

	/**
	 * The boot of each replacement (a worker of generation 2 or later) in the phases of
	 * {@link #BOOT_PHASES}: the master's start of it, the worker's "Starting … with PID"
	 * (the JVM, the launcher, logging), its web server's "started on port" (the context's
	 * refresh up to the server), Boot's "Started … in" (the end of the refresh) and the
	 * master's "is ready" (runners, the ready event, the report over IPC): for each with
	 * every line, the five times in epoch milliseconds.
	 */
	public List<long[]> bootPhases() {
		Map<Long, long[]> times = new LinkedHashMap<>();
		for (Line line : this.lines) {
			if (line.at() == null) {
				continue;
			}
			long at = line.at().toEpochMilli();
			String message = line.message();
			Matcher started = STARTED.matcher(message);
			Matcher ready = READY.matcher(message);
			if (message.startsWith("Started Worker") && started.find()) {
				if (Integer.parseInt(started.group(3)) > 1) {
					times.put(Long.parseLong(started.group(2)), new long[] { at, 0, 0, 0, 0 });
				}
			}
			else if (ready.find()) {
				phase(times, Long.parseLong(ready.group(2)), 4, at);
			}
			else if (message.startsWith("Starting ") && message.contains(" with PID " + line.pid())) {
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
	 * One worker's spawn → ready as its master logged it.
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
		return find(STARTED).stream()
			.filter((started) -> started.group(4) != null && started.group(4).startsWith("with"))
			.findFirst()
			.map((started) -> "Worker " + started.group(1) + " already boots " + started.group(4)
					+ " (the archive is in the cache)");
	}

	/**
	 * The seconds of the rolling restart to a generation from its "replacing" line to its
	 * "done" line (the master's own figure where the times do not parse), or empty while it
	 * runs; an {@link IllegalStateException} if it was aborted or refused.
	 */
	public Optional<Double> rollingRestart(int generation) {
		String prefix = "Rolling restart to generation " + generation;
		Pattern done = Pattern.compile(Pattern.quote(prefix) + " done: .* in ([0-9.]+) s");
		Optional<Line> begun = this.lines.stream().filter((line) -> line.message().contains(prefix + ": replacing")).findFirst();
		for (Line line : this.lines) {
			Matcher matcher = done.matcher(line.message());
			if (matcher.find()) {
				Instant from = begun.map(Line::at).orElse(null);
				return Optional.of((from != null && line.at() != null)
						? Duration.between(from, line.at()).toMillis() / 1000.0 : Double.parseDouble(matcher.group(1)));
			}
		}
		this.lines.stream()
			.filter((line) -> line.message().contains(prefix + " aborted") || line.message().contains("Rolling restart refused"))
			.findFirst()
			.ifPresent((line) -> {
				throw new IllegalStateException(prefix + " aborted or refused: " + line.message());
			});
		return Optional.empty();
	}

	/** When the master said the rolling restart to a generation was done. */
	public Optional<Instant> rollingRestartDone(int generation) {
		String done = "Rolling restart to generation " + generation + " done";
		return this.lines.stream().filter((line) -> line.message().contains(done) && line.at() != null).map(Line::at)
			.findFirst();
	}

	/** Every training run of an archive: when the master said it ended, and its seconds. */
	public Map<Instant, Double> archivesBuilt() {
		Map<Instant, Double> built = new LinkedHashMap<>();
		for (Line line : this.lines) {
			Matcher matcher = ARCHIVE_BUILT.matcher(line.message());
			if (matcher.find() && line.at() != null) {
				built.put(line.at(), Double.parseDouble(matcher.group(1)));
			}
		}
		return built;
	}

	/** The pids of the hot spares the master saw ready, in order. */
	public Set<Long> readySpares() {
		Set<Long> pids = new LinkedHashSet<>();
		find(SPARE_READY).forEach((matcher) -> pids.add(Long.parseLong(matcher.group(1))));
		return pids;
	}

	/** The warm-ups of workers before they joined the shared port: {@code 2000 requests in 3.1 s}. */
	public List<String> warmUps() {
		return find(WARMED_UP).stream().map((matcher) -> matcher.group(1)).toList();
	}

	/** Whether a worker ran the code generated by Spring AOT ({@code Starting AOT-processed}). */
	public boolean aotProcessed() {
		return this.lines.stream().anyMatch((line) -> line.message().contains("Starting AOT-processed"));
	}

	private List<Matcher> find(Pattern pattern) {
		List<Matcher> found = new ArrayList<>();
		for (Line line : this.lines) {
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
