package io.github.clustermaster.control;

import java.util.List;

import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.lease.LeaseInfo;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.Rollout;
import io.github.clustermaster.supervisor.CanaryReport;
import io.github.clustermaster.supervisor.RolloutOutcome;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerState;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as its master sees it: the answer to {@code GET /actuator/cluster}.
 *
 * @param masterPid the master's process id
 * @param size the wanted number of workers
 * @param ready how many workers are ready
 * @param generation the current generation; a rolling restart increments it
 * @param restarting whether a rolling restart is running
 * @param danger whether workers recently died young and respawns are backed off
 * @param failed whether the master gave up respawning crashed workers
 * @param quitting whether the master is shutting down
 * @param workers the workers, oldest first
 * @param counters what happened to the pool since the master started
 * @param release the release new workers launch, or {@code null} for launches without
 * one (a class path launch, or a jar that is not a Spring Boot jar)
 * @param previousRelease the release the pool ran before the last rollout that changed
 * it, kept to roll back to, or {@code null}
 * @param rollout the rolling restart in progress, or {@code null}
 * @param lastRollout how the last rolling restart ended, or {@code null} before one ended
 * @param acceptQueue how many connections waited in the shared socket's accept queue when
 * the master last looked (once a second), -1 when it cannot tell
 * @param sessions the pool's shared HTTP session store, or {@code null} when the master
 * keeps none
 * @param leases the leases the master has granted and that are held now (the
 * {@code scheduling} lease: which worker runs the pool's scheduled work), by name
 * @param warnings the application's state that each worker keeps for itself and the pool
 * cannot share, one per kind, with the fix (none while the pool has one worker)
 * @author cluster-master
 */
public record ClusterDescriptor(long masterPid, int size, int ready, int generation, boolean restarting,
		boolean danger, boolean failed, boolean quitting, List<WorkerDescriptor> workers, Counters counters,
		@Nullable ReleaseDescriptor release, @Nullable ReleaseDescriptor previousRelease,
		@Nullable RolloutDescriptor rollout, @Nullable OutcomeDescriptor lastRollout, int acceptQueue,
		@Nullable SessionsDescriptor sessions, @Nullable List<LeaseDescriptor> leases,
		@Nullable List<PoolWarning> warnings) {

	/**
	 * Normalize the leases and warnings: a status without them has none.
	 */
	public ClusterDescriptor {
		leases = (leases != null) ? List.copyOf(leases) : List.of();
		warnings = (warnings != null) ? List.copyOf(warnings) : List.of();
	}

	/**
	 * This descriptor with the leases held now.
	 * @param leases the leases
	 * @return the descriptor
	 */
	public ClusterDescriptor withLeases(List<LeaseInfo> leases) {
		return with(this.sessions, leases.stream().map(LeaseDescriptor::of).toList(), this.warnings);
	}

	/**
	 * This descriptor with the pool's warnings.
	 * @param warnings the warnings
	 * @return the descriptor
	 */
	public ClusterDescriptor withWarnings(List<PoolWarning> warnings) {
		return with(this.sessions, this.leases, warnings);
	}

	/**
	 * This descriptor with the session store's figures.
	 * @param sessions the figures, or {@code null}
	 * @return the descriptor
	 */
	public ClusterDescriptor withSessions(@Nullable SessionsDescriptor sessions) {
		return with(sessions, this.leases, this.warnings);
	}

	/**
	 * The status with what the master's services add to it, which the supervisor does not
	 * know: the session store, the leases and the warnings.
	 */
	private ClusterDescriptor with(@Nullable SessionsDescriptor sessions, @Nullable List<LeaseDescriptor> leases,
			@Nullable List<PoolWarning> warnings) {
		return new ClusterDescriptor(this.masterPid, this.size, this.ready, this.generation, this.restarting,
				this.danger, this.failed, this.quitting, this.workers, this.counters, this.release,
				this.previousRelease, this.rollout, this.lastRollout, this.acceptQueue, sessions, leases, warnings);
	}

	/**
	 * Describe a status.
	 * @param status the supervisor's status
	 * @param masterPid the master's pid
	 * @return the descriptor
	 */
	public static ClusterDescriptor of(ClusterStatus status, long masterPid) {
		ClusterCounters counters = status.counters();
		long requests = WorkerInfo.requests(status.workers());
		return new ClusterDescriptor(masterPid, status.size(), (int) status.count(WorkerState.READY),
				status.generation(), status.restarting(), status.danger(), status.failed(), status.quitting(),
				status.workers().stream().map((worker) -> WorkerDescriptor.of(worker, requests)).toList(),
				new Counters(counters.rollingRestarts(), counters.respawns(), counters.crashes(), counters.readied(),
						counters.spawnToReadyTotal().toMillis(), counters.spawnToReadyMean().toMillis(),
						counters.spawnToReadyLast().toMillis(), counters.recycles()),
				ReleaseDescriptor.of(status.release()), ReleaseDescriptor.of(status.previousRelease()),
				RolloutDescriptor.of(status.rollout()), OutcomeDescriptor.of(status.lastRollout()),
				status.acceptQueue(), null, List.of(), List.of());
	}

	/**
	 * The number of workers in a state.
	 * @param state the state's name
	 * @return the count
	 */
	public long count(String state) {
		return this.workers.stream().filter((worker) -> worker.state().equals(state)).count();
	}

	/**
	 * What happened to the pool since the master started.
	 *
	 * @param rollingRestarts how many rolling restarts completed
	 * @param respawns how many workers replaced one that exited unexpectedly
	 * @param crashes how many workers exited unexpectedly or were killed as faulty
	 * @param readied how many workers became ready
	 * @param spawnToReadyMillisTotal the sum of their times from spawn to ready, in
	 * milliseconds: the total over all of them, not one worker's
	 * @param spawnToReadyMillisMean one worker's mean time from spawn to ready, in
	 * milliseconds (0 while none is ready)
	 * @param spawnToReadyMillisLast the time from spawn to ready of the worker that became
	 * ready last, in milliseconds (0 while none is ready)
	 * @param recycles how many workers were recycled for reaching a limit of
	 * {@code cluster.master.recycle.*}
	 */
	public record Counters(long rollingRestarts, long respawns, long crashes, long readied,
			long spawnToReadyMillisTotal, long spawnToReadyMillisMean, long spawnToReadyMillisLast, long recycles) {

	}

	/**
	 * A prepared release.
	 *
	 * @param id the first 12 hex digits of the hash, as the log and the workers show it
	 * @param hash the SHA-256 of the jar's content, in hex
	 * @param path the deploy path it was read from
	 * @param since when this master first prepared or found it, in ISO-8601
	 */
	public record ReleaseDescriptor(String id, String hash, String path, String since) {

		static @Nullable ReleaseDescriptor of(@Nullable Release release) {
			return (release != null) ? new ReleaseDescriptor(release.shortHash(), release.hash(),
					release.deployPath().toString(), release.since().toString()) : null;
		}

	}

	/**
	 * A lease held now.
	 *
	 * @param name the lease's name
	 * @param worker the id of the worker that holds it
	 * @param pid that worker's process id
	 * @param since when it was granted to this worker, in ISO-8601
	 * @param until when the master frees it unless it is renewed, in ISO-8601
	 */
	public record LeaseDescriptor(String name, int worker, long pid, String since, String until) {

		static LeaseDescriptor of(LeaseInfo lease) {
			return new LeaseDescriptor(lease.name(), lease.holder(), lease.holderPid(),
					lease.since().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
					lease.until().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
		}

	}

	/**
	 * The rolling restart in progress.
	 *
	 * @param generation the generation it moves the pool to
	 * @param rollback whether it rolls an aborted rollout back
	 * @param replaced how many old workers it has stopped so far
	 * @param total how many old workers it replaces
	 * @param surge how many replacements may boot at once after the first
	 * @param startedAt when it started, in ISO-8601
	 * @param release the id of the release it rolls onto, or {@code null}
	 */
	public record RolloutDescriptor(int generation, boolean rollback, int replaced, int total, int surge,
			String startedAt, @Nullable String release) {

		static @Nullable RolloutDescriptor of(@Nullable Rollout rollout) {
			return (rollout != null) ? new RolloutDescriptor(rollout.generation(), rollout.rollback(),
					rollout.replaced(), rollout.total(), rollout.surge(), rollout.startedAt().toString(),
					(rollout.release() != null) ? rollout.release().shortHash() : null) : null;
		}

	}

	/**
	 * How the last rolling restart ended.
	 *
	 * @param generation the generation it moved, or tried to move, the pool to
	 * @param result {@code DONE}, {@code ABORTED} (the old workers serve on; a rollback may
	 * still run) or {@code ROLLED_BACK}
	 * @param message one sentence that says so, with the reason of an abort
	 * @param replaced how many old workers it stopped
	 * @param tookMillis how long it took, a rollback included, in milliseconds
	 * @param endedAt when it ended, in ISO-8601
	 * @param release the id of the release it rolled onto or tried to, or {@code null}
	 * @param canary the canary analysis's last judgement: its verdict ({@code PASSED},
	 * {@code MORE_ERRORS}, {@code SLOWER}, {@code TOO_LITTLE_TRAFFIC}), a sentence with the
	 * figures, and the figures of the new and the old workers over the window (requests,
	 * errors: 5xx and failed, p50 and p99 latency in milliseconds); or {@code null}
	 */
	public record OutcomeDescriptor(int generation, String result, String message, int replaced, long tookMillis,
			String endedAt, @Nullable String release, @Nullable CanaryReport canary) {

		static @Nullable OutcomeDescriptor of(@Nullable RolloutOutcome outcome) {
			return (outcome != null) ? new OutcomeDescriptor(outcome.generation(), outcome.result().name(),
					outcome.message(), outcome.replaced(), outcome.took().toMillis(), outcome.endedAt().toString(),
					(outcome.release() != null) ? outcome.release().shortHash() : null, outcome.canary()) : null;
		}

	}

}
