package io.github.clustermaster.supervisor;

import java.util.Map;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * What a new worker launches: its generation, the environment it gets on top of the
 * master's, and the release it runs. A rolling restart replaces it whole and an aborted
 * one restores it whole.
 *
 * @param generation the generation new workers belong to
 * @param env the environment new workers get on top of the master's
 * @param release the release new workers launch, or {@code null} for launches without one
 * @author cluster-master
 */
record LaunchSpec(int generation, Map<String, String> env, @Nullable Release release) {

	LaunchSpec {
		env = Map.copyOf(env);
	}

	/**
	 * The launch of a rolling restart's new generation.
	 * @param generation its generation
	 * @param env its environment, or {@code null} to keep this one's
	 * @param release its release, or {@code null} to keep this one's
	 * @return the launch
	 */
	LaunchSpec next(int generation, @Nullable Map<String, String> env, @Nullable Release release) {
		return new LaunchSpec(generation, (env != null) ? env : this.env, (release != null) ? release : this.release);
	}

}
