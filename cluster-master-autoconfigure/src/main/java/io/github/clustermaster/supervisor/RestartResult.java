package io.github.clustermaster.supervisor;

import java.time.Duration;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a rolling restart.
 *
 * @param generation the generation every worker now belongs to
 * @param replaced how many old workers were replaced
 * @param took how long the restart took
 * @param release the release every worker now runs, or {@code null} for launches without
 * one
 * @author cluster-master
 */
public record RestartResult(int generation, int replaced, Duration took, @Nullable Release release) {

	/**
	 * The outcome of a rolling restart of launches without a release.
	 * @param generation the generation every worker now belongs to
	 * @param replaced how many old workers were replaced
	 * @param took how long the restart took
	 */
	public RestartResult(int generation, int replaced, Duration took) {
		this(generation, replaced, took, null);
	}

}
