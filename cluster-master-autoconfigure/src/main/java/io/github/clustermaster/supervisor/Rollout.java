package io.github.clustermaster.supervisor;

import java.time.Instant;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * A rolling restart in progress, as the status shows it.
 *
 * @param generation the generation it moves the pool to
 * @param rollback whether it rolls an aborted rollout back to the generation before
 * @param replaced how many old workers it has stopped so far
 * @param total how many old workers it replaces
 * @param surge how many replacements may boot at once (after the first, which boots alone)
 * @param startedAt when it started
 * @param release the release it rolls onto, or {@code null} for launches without one
 * @author cluster-master
 */
public record Rollout(int generation, boolean rollback, int replaced, int total, int surge, Instant startedAt,
		@Nullable Release release) {

}
