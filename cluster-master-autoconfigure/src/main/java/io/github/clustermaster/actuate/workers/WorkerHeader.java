package io.github.clustermaster.actuate.workers;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Which responses name the worker that gave them, with the header {@value #NAME}: those
 * under the Actuator's base path, or all of them.
 *
 * @author cluster-master
 */
final class WorkerHeader {

	/** The header: the id of the worker that answered. */
	static final String NAME = "Cluster-Worker";

	private final String id;

	private final Supplier<@Nullable String> basePath;

	private final boolean everywhere;

	/**
	 * @param id the worker's id
	 * @param basePath the Actuator's base path (for example {@code /actuator}), or
	 * {@code null} when the Actuator has no web endpoint
	 * @param everywhere whether every response carries it
	 */
	WorkerHeader(int id, Supplier<@Nullable String> basePath, boolean everywhere) {
		this.id = String.valueOf(id);
		this.basePath = basePath;
		this.everywhere = everywhere;
	}

	String id() {
		return this.id;
	}

	boolean appliesTo(String path) {
		if (this.everywhere) {
			return true;
		}
		String base = this.basePath.get();
		if (base == null) {
			return false;
		}
		if (base.isEmpty() || base.equals("/")) {
			return true;
		}
		return path.equals(base) || path.startsWith(base + "/");
	}

}
