package io.github.clustermaster.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerStats;

/**
 * A field of a worker that {@code select <field>} maps each worker's id to.
 *
 * @author cluster-master
 */
enum WorkerField {

	/** The worker id. */
	ID((worker, total) -> String.valueOf(worker.id())),

	/** The stable slot, 0 to size - 1, which the worker that replaces it takes over. */
	SLOT((worker, total) -> String.valueOf(worker.slot())),

	/** The process id. */
	PID((worker, total) -> String.valueOf(worker.pid())),

	/** The state: STARTING, READY, STOPPING or EXITED. */
	STATE((worker, total) -> worker.state().name()),

	/** The generation the worker was started in. */
	GENERATION((worker, total) -> String.valueOf(worker.generation())),

	/** The time since the worker was started. */
	AGE((worker, total) -> ReplFormat.duration(worker.age())),

	/** The id of the release the worker runs (12 hex digits of its hash), or {@code -}. */
	RELEASE((worker, total) -> (worker.release() != null) ? worker.release().shortHash() : "-"),

	/** The requests the worker has served. */
	REQUESTS(stat((stats, total) -> String.valueOf(stats.requests()))),

	/** The requests the worker is serving now. */
	INFLIGHT(stat((stats, total) -> String.valueOf(stats.inFlight()))),

	/** The worker's part of the requests the listed workers served. */
	SHARE(stat((stats, total) -> (total > 0)
			? String.format(Locale.ROOT, "%.1f%%", stats.requests() * 100.0 / total) : "-")),

	/** The server's busy request threads of its maximum: {@code 5/200}. */
	THREADS(stat((stats, total) -> (stats.busyThreads() != null && stats.maxThreads() != null)
			? stats.busyThreads() + "/" + stats.maxThreads() : "-")),

	/** The heap in use, of its maximum: {@code 40/256M}. */
	HEAP(stat((stats, total) -> (stats.heapUsedBytes() >> 20) + "/"
			+ ((stats.heapMaxBytes() > 0) ? (stats.heapMaxBytes() >> 20) + "M" : "-"))),

	/** The worker's resident memory: {@code 180M}. */
	RSS(stat((stats, total) -> (stats.rssBytes() >= 0) ? (stats.rssBytes() >> 20) + "M" : "-")),

	/** The time its garbage collectors took, and how many collections: {@code 1.2s/35}. */
	GC(stat((stats, total) -> ReplFormat.duration(Duration.ofMillis(stats.gcPauseMillis())) + "/"
			+ stats.gcCount())),

	/**
	 * Of the requests of its latest window ({@code cluster.master.restart.canary.window}),
	 * those answered with 5xx or failed: {@code 2/150}.
	 */
	ERRORS(stat((stats, total) -> (stats.outcomes() != null)
			? stats.outcomes().window().errors() + "/" + stats.outcomes().window().requests() : "-")),

	/** The 99th percentile of its requests' latency over its latest window: {@code 12.5ms}. */
	P99(stat((stats, total) -> (stats.outcomes() != null && stats.outcomes().p99Millis() != null)
			? String.format(Locale.ROOT, "%.1fms", stats.outcomes().p99Millis()) : "-")),

	/** How long ago its last heartbeat came. */
	HEARTBEAT((worker, total) -> (worker.lastHeartbeat() != null)
			? ReplFormat.duration(Duration.between(worker.lastHeartbeat(), Instant.now())) + " ago" : "-"),

	/** Why it is being recycled, or {@code -}. */
	RECYCLING((worker, total) -> (worker.recycling() != null) ? worker.recycling() : "-");

	private final BiFunction<WorkerInfo, Long, String> value;

	WorkerField(BiFunction<WorkerInfo, Long, String> value) {
		this.value = value;
	}

	private static BiFunction<WorkerInfo, Long, String> stat(BiFunction<WorkerStats, Long, String> value) {
		return (worker, total) -> (worker.stats() != null) ? value.apply(worker.stats(), total) : "-";
	}

	/**
	 * The value of this field for a worker.
	 * @param worker the worker
	 * @param totalRequests the requests of the workers listed with it, whose share it has
	 * ({@link WorkerInfo#requests})
	 * @return the value, as printed
	 */
	String of(WorkerInfo worker, long totalRequests) {
		return this.value.apply(worker, totalRequests);
	}


	/**
	 * The field with the given name (any case; {@code gen} is short for generation).
	 * @param name the name
	 * @return the field
	 * @throws ReplCommandException naming the fields there are
	 */
	static WorkerField named(String name) {
		String wanted = name.trim().toUpperCase(Locale.ROOT);
		if (wanted.equals("GEN")) {
			return GENERATION;
		}
		return Arrays.stream(values())
			.filter((field) -> field.name().equals(wanted))
			.findFirst()
			.orElseThrow(() -> new ReplCommandException((name.isBlank() ? "expected a field"
					: "unknown field '" + ReplFormat.printable(name) + "'") + "; the fields are " + names()));
	}

	private static String names() {
		return Arrays.stream(values())
			.map((field) -> field.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.joining(", "));
	}

}
