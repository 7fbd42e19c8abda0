package io.github.clustermaster.supervisor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.clustermaster.release.Release;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RollingRestart} asks the supervisor loop to do next. The loop carries it
 * out; the rollout never touches a worker itself.
 *
 * @author cluster-master
 */
sealed interface RolloutStep {

	/** Nothing this step: a replacement boots or is on probation, or an old one drains. */
	Wait WAIT = new Wait();

	/**
	 * Nothing to do this step.
	 */
	record Wait() implements RolloutStep {
	}

	/**
	 * Stop these old workers gracefully.
	 *
	 * @param workers their ids
	 * @param reason why, for their stop line
	 */
	record Stop(List<Integer> workers, String reason) implements RolloutStep {

		public Stop {
			workers = List.copyOf(workers);
		}

	}

	/**
	 * Spawn up to this many replacements of the new generation, telling the rollout of
	 * each one with {@link RollingRestart#spawned(int)}; stop at the first that cannot
	 * be started.
	 *
	 * @param count how many
	 */
	record Spawn(int count) implements RolloutStep {
	}

	/**
	 * No old worker is left to stop: bring the others (every live worker but the held
	 * requester) to the pool's size as outside a rollout, then ask
	 * {@link RollingRestart#settled(Settle, PoolView, java.time.Instant)} whether it is done.
	 *
	 * @param held the requester held out of the rollout, or 0
	 * @param others the live workers but the requester when this step began
	 */
	record Settle(int held, List<Integer> others) implements RolloutStep {

		public Settle {
			others = List.copyOf(others);
		}

	}

	/**
	 * End the rollout: set its outcome, publish, answer its caller, then stop the
	 * requester that waited to answer it.
	 *
	 * @param requester the worker to stop last, or 0
	 * @param outcome how it ended, for the status
	 * @param restarted whether it is a rolling restart done (not a rollback)
	 * @param rollbackTarget the release to keep for a later rollback, or {@code null} to
	 * keep the one kept now
	 * @param future the caller's future
	 * @param result the caller's answer, or {@code null} when the rollout ended a rollback
	 * @param failure the caller's failure when the rollout ended a rollback, or
	 * {@code null}
	 */
	record Finish(int requester, RolloutOutcome outcome, boolean restarted, @Nullable Release rollbackTarget,
			CompletableFuture<RestartResult> future, @Nullable RestartResult result,
			@Nullable String failure) implements RolloutStep {

		/** Why the requester is stopped, last, once the caller is answered. */
		String requesterStop() {
			return "rolling restart to generation " + this.outcome.generation()
					+ ", stopped last: it relayed the request and has answered it";
		}

		/** Answer the caller: after the status that shows the outcome is published. */
		void answer() {
			if (this.result != null) {
				this.future.complete(this.result);
			}
			else {
				this.future.completeExceptionally(new RestartAbortedException(String.valueOf(this.failure)));
			}
		}

	}

	/**
	 * Abort the rollout; the loop then asks {@link RollingRestart#abort} what that means.
	 *
	 * @param reason why
	 */
	record Abort(String reason) implements RolloutStep {
	}

}
