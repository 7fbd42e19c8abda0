package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * How the last rolling restart ended, as the status shows it until the next one ends.
 *
 * @param generation the generation it moved, or tried to move, the pool to
 * @param result how it ended
 * @param message one sentence that says so, with the reason of an abort
 * @param replaced how many old workers it stopped
 * @param took how long it took, a rollback included
 * @param endedAt when it ended
 * @param release the release it rolled onto or tried to, or {@code null} for launches
 * without one
 * @param canary the canary analysis's last judgement, with its figures, or {@code null}
 * when it judged nothing (turned off, or no new worker served)
 * @author cluster-master
 */
public record RolloutOutcome(int generation, Result result, String message, int replaced, Duration took,
		Instant endedAt, @Nullable Release release, @Nullable CanaryReport canary) {

	/**
	 * An outcome without a canary analysis.
	 * @param generation the generation it moved, or tried to move, the pool to
	 * @param result how it ended
	 * @param message one sentence that says so
	 * @param replaced how many old workers it stopped
	 * @param took how long it took
	 * @param endedAt when it ended
	 * @param release the release it rolled onto or tried to, or {@code null}
	 */
	public RolloutOutcome(int generation, Result result, String message, int replaced, Duration took, Instant endedAt,
			@Nullable Release release) {
		this(generation, result, message, replaced, took, endedAt, release, null);
	}

	/**
	 * How a rolling restart ended.
	 */
	public enum Result {

		/** Every worker was replaced and every replacement proved itself. */
		DONE,

		/**
		 * Aborted before any replacement served, or while the ones that did are being
		 * rolled back (the status then shows the rollback in progress); the old workers
		 * serve on.
		 */
		ABORTED,

		/** Aborted, and the replacements that had served were rolled back: one version again. */
		ROLLED_BACK

	}

}
