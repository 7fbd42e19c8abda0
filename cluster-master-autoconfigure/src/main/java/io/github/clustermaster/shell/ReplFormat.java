package io.github.clustermaster.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.clustermaster.control.Phrases;
import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.supervisor.CanaryReport;
import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.Rollout;
import io.github.clustermaster.supervisor.RolloutOutcome;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;

/**
 * How the REPL prints the pool: a table of workers, a map of worker id to a field (the
 * seed's {@code pids}, {@code ages}, {@code states}), a summary, and short durations.
 *
 * @author cluster-master
 */
final class ReplFormat {

	/** How much of a person's bad input an error message repeats. */
	private static final int ECHO_LIMIT = 40;

	private static final String[] COLUMNS = { "ID", "SLOT", "PID", "STATE", "GEN", "AGE", "RELEASE", "REQUESTS", "INFLIGHT",
			"HEAP", "RSS", "ERRORS", "P99" };

	private static final WorkerField[] COLUMN_FIELDS = { WorkerField.ID, WorkerField.SLOT, WorkerField.PID, WorkerField.STATE,
			WorkerField.GENERATION, WorkerField.AGE, WorkerField.RELEASE, WorkerField.REQUESTS, WorkerField.INFLIGHT,
			WorkerField.HEAP, WorkerField.RSS, WorkerField.ERRORS, WorkerField.P99 };

	private ReplFormat() {
	}

	/**
	 * A table of workers with a header, columns aligned.
	 * @param workers the workers
	 * @return the table, one line per worker, without a final line break
	 */
	static String table(List<WorkerInfo> workers) {
		long total = WorkerInfo.requests(workers);
		List<String[]> rows = new ArrayList<>();
		rows.add(COLUMNS);
		for (WorkerInfo worker : workers) {
			rows.add(Arrays.stream(COLUMN_FIELDS).map((field) -> field.of(worker, total)).toArray(String[]::new));
		}
		int[] widths = new int[COLUMNS.length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		return rows.stream().map((row) -> {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append((i < row.length - 1) ? String.format("%-" + (widths[i] + 2) + "s", row[i]) : row[i]);
			}
			return line.toString();
		}).collect(Collectors.joining("\n"));
	}

	/**
	 * The seed's map of worker id to one field: {@code {1: 4242, 2: 4243}}.
	 * @param workers the workers
	 * @param field the field
	 * @return the map
	 */
	static String map(List<WorkerInfo> workers, WorkerField field) {
		long total = WorkerInfo.requests(workers);
		return workers.stream()
			.map((worker) -> worker.id() + ": " + field.of(worker, total))
			.collect(Collectors.joining(", ", "{", "}"));
	}

	/**
	 * A summary of the pool, one property per line.
	 * @param status the pool
	 * @return the summary
	 */
	static String summary(ClusterStatus status) {
		Map<WorkerState, Long> states = new TreeMap<>();
		status.workers().forEach((worker) -> states.merge(worker.state(), 1L, Long::sum));
		String counts = states.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + " " + entry.getKey())
			.collect(Collectors.joining(", "));
		return String.join("\n", "master      pid " + ProcessHandle.current().pid(),
				"size        " + status.size(),
				"workers     " + status.workers().size() + (counts.isEmpty() ? "" : " (" + counts + ")"),
				"generation  " + status.generation(), "restarting  " + yesNo(status.restarting()),
				"danger      " + yesNo(status.danger()), "failed      " + yesNo(status.failed()),
				"quitting    " + yesNo(status.quitting()),
				"queued      " + ((status.acceptQueue() >= 0) ? status.acceptQueue() + " connections wait for a worker"
						: "-"),
				"ready after " + spawnToReady(status.counters()));
	}

	/**
	 * The pool's warnings, one line each after the summary.
	 * @param warnings the warnings
	 * @return the lines, each starting with a line break, or nothing
	 */
	static String warnings(List<PoolWarning> warnings) {
		return warnings.stream().map((warning) -> "\nwarning     " + warning.message()).collect(Collectors.joining());
	}

	/**
	 * The releases: the one new workers launch, the rollback target, the rollout in
	 * progress or the last one's outcome, and which release each worker runs.
	 * @param status the pool
	 * @return one property per line
	 */
	static String releases(ClusterStatus status) {
		List<String> lines = new ArrayList<>();
		lines.add("release     " + describe(status.release()));
		lines.add("previous    " + describe(status.previousRelease()));
		Rollout rollout = status.rollout();
		if (rollout != null) {
			lines.add("rollout     " + (rollout.rollback() ? "rolling back to generation " : "to generation ")
					+ rollout.generation() + ", " + rollout.replaced() + " of " + rollout.total() + " replaced, surge "
					+ rollout.surge() + ", for " + duration(Duration.between(rollout.startedAt(), Instant.now())));
		}
		RolloutOutcome last = status.lastRollout();
		lines.add("last        " + ((last != null) ? last.result() + ": " + last.message() : "-"));
		CanaryReport canary = (last != null) ? last.canary() : null;
		if (canary != null) {
			lines.add("canary      " + canary.verdict() + ": new " + side(canary.newWorkers()) + "; old "
					+ side(canary.oldWorkers()));
		}
		Map<String, List<String>> running = new TreeMap<>();
		status.workers()
			.forEach((worker) -> running.computeIfAbsent(WorkerField.RELEASE.of(worker, 0), (key) -> new ArrayList<>())
				.add(String.valueOf(worker.id())));
		running.forEach((release, ids) -> lines.add("running     " + release + " on worker"
				+ ((ids.size() != 1) ? "s " : " ") + String.join(", ", ids)));
		return String.join("\n", lines);
	}

	/** {@code 1 worker 50 requests 48 errors p50 3.0ms p99 8.0ms}. */
	private static String side(CanaryReport.Side side) {
		return side.workers() + ((side.workers() == 1) ? " worker " : " workers ") + side.requests() + " requests "
				+ side.errors() + " errors p50 " + millis(side.p50Millis()) + " p99 " + millis(side.p99Millis());
	}

	private static String millis(@Nullable Double millis) {
		return (millis != null) ? String.format(Locale.ROOT, "%.1fms", millis) : "-";
	}

	private static String describe(@Nullable Release release) {
		return (release != null) ? release.shortHash() + "  " + release.deployPath() + ", since " + release.since()
				: "-";
	}

	/**
	 * How long one worker takes from spawn to ready.
	 * @param counters the pool's counters
	 * @return for example {@code last 6.2s, mean 6.4s of 3 workers}, or {@code -} while no
	 * worker has become ready
	 */
	static String spawnToReady(ClusterCounters counters) {
		if (counters.readied() == 0) {
			return "-";
		}
		return "last " + duration(counters.spawnToReadyLast()) + ", mean " + duration(counters.spawnToReadyMean())
				+ " of " + workers(counters.readied());
	}

	/**
	 * A number of workers: {@code 1 worker}, {@code 3 workers}.
	 * @param count the number
	 * @return the text
	 */
	static String workers(long count) {
		return Phrases.workers(count);
	}

	private static String yesNo(boolean value) {
		return value ? "yes" : "no";
	}

	/**
	 * A short duration: {@code 4.2s}, {@code 5m 03s}, {@code 2h 05m}, {@code 3d 04h}.
	 * @param duration the duration
	 * @return the text
	 */
	static String duration(Duration duration) {
		return Phrases.duration(duration);
	}

	/**
	 * Input fit to be repeated in a message: control characters and undecodable bytes
	 * become {@code ?}, and it is cut after 40 characters.
	 * @param text what a person sent
	 * @return the printable text
	 */
	static String printable(String text) {
		String cut = (text.length() > ECHO_LIMIT) ? text.substring(0, ECHO_LIMIT) + "..." : text;
		return sanitize(cut);
	}

	/**
	 * Text with control characters and undecodable bytes replaced by {@code ?}, so that it
	 * cannot move another person's cursor or clear their screen.
	 * @param text the text
	 * @return the sanitized text
	 */
	static String sanitize(String text) {
		StringBuilder result = new StringBuilder(text.length());
		text.codePoints()
			.map((c) -> (Character.isISOControl(c) || c == '\uFFFD') ? '?' : c)
			.forEach(result::appendCodePoint);
		return result.toString();
	}

}
