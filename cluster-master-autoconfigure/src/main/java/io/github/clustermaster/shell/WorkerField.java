package io.github.clustermaster.shell;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.clustermaster.supervisor.WorkerInfo;

/**
 * A field of a worker that {@code select <field>} maps each worker's id to.
 *
 * @author cluster-master
 */
enum WorkerField {

	/** The worker id. */
	ID((worker) -> String.valueOf(worker.id())),

	/** The process id. */
	PID((worker) -> String.valueOf(worker.pid())),

	/** The state: STARTING, READY, STOPPING or EXITED. */
	STATE((worker) -> worker.state().name()),

	/** The generation the worker was started in. */
	GENERATION((worker) -> String.valueOf(worker.generation())),

	/** The time since the worker was started. */
	AGE((worker) -> ReplFormat.duration(worker.age())),

	/** The id of the release the worker runs (12 hex digits of its hash), or {@code -}. */
	RELEASE((worker) -> (worker.release() != null) ? worker.release().shortHash() : "-");

	private final Function<WorkerInfo, String> value;

	WorkerField(Function<WorkerInfo, String> value) {
		this.value = value;
	}

	/**
	 * The value of this field for a worker.
	 * @param worker the worker
	 * @return the value, as printed
	 */
	String of(WorkerInfo worker) {
		return this.value.apply(worker);
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
