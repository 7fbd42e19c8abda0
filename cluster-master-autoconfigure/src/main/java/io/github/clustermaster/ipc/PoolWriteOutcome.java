package io.github.clustermaster.ipc;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master's answer to a pool write: which other workers applied the Actuator write
 * operation and which could not.
 *
 * @param applied the ids of the workers that applied it
 * @param failed why each other worker could not, by id
 * @author cluster-master
 */
public record PoolWriteOutcome(List<Integer> applied, Map<Integer, String> failed) {

	/**
	 * Check the outcome.
	 * @param applied the workers that applied it
	 * @param failed why the others could not
	 */
	public PoolWriteOutcome {
		applied = (applied != null) ? List.copyOf(applied) : List.of();
		failed = (failed != null) ? Collections.unmodifiableMap(new TreeMap<>(failed)) : Map.of();
	}

}
