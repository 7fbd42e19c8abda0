package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.clustermaster.supervisor.CanaryReport.Side;
import io.github.clustermaster.supervisor.CanaryReport.Verdict;
import io.github.clustermaster.supervisor.PoolView.Member;

/**
 * The canary analysis of one rolling restart, as a decider its {@link RollingRestart}
 * consults at each step: it compares the new release's ready workers with the old
 * release's over the same window (the latest {@code window} of requests each worker's
 * heartbeat carries; the shared accept queue hands both the same mix of requests in the
 * same seconds) and answers whether the rollout goes on, holds its first replacement
 * for more traffic, or aborts because the new release is clearly worse. A judgement needs
 * {@link CanaryPolicy#minRequests} of the new workers; until then the first replacement is
 * held, for at most the window after it became ready, and not at all when the old
 * workers' own traffic shows that the window would not bring enough; then the policy for
 * too little traffic decides.
 *
 * @author cluster-master
 */
final class CanaryAnalysis {

	private final CanaryPolicy policy;

	/** The latest judgement worth showing: a verdict once there is one, else the latest. */
	private @Nullable CanaryReport report;

	/** Whether a judgement with enough traffic was made, or too little traffic was accepted. */
	private boolean settled;

	CanaryAnalysis(CanaryPolicy policy) {
		this.policy = policy;
	}

	/**
	 * One step of the rollout.
	 * @param pool the pool now
	 * @param generation the generation the rollout moves to: its workers are the new ones
	 * @param canary the rollout's first replacement, or {@code null} before it is started
	 * @param now the time
	 * @return what the rollout should do
	 */
	Decision step(PoolView pool, int generation, @Nullable Member canary, Instant now) {
		if (!this.policy.enabled()) {
			return Decision.PROCEED;
		}
		List<Member> ready = pool.live().stream().filter((worker) -> worker.state() == WorkerState.READY).toList();
		List<RequestOutcomes> fresh = outcomes(ready, true, generation);
		List<RequestOutcomes> old = outcomes(ready, false, generation);
		if (!fresh.isEmpty() && !old.isEmpty()) {
			CanaryReport judged = judge(fresh, old);
			if (judged.verdict().isWorse()) {
				this.report = judged;
				this.settled = true;
				return new Abort(judged.summary());
			}
			if (judged.verdict() == Verdict.PASSED) {
				this.report = judged;
				this.settled = true;
			}
			else if (!this.settled) {
				this.report = judged;
			}
		}
		Instant readyAt = (canary != null) ? canary.readyAt() : null;
		if (this.settled || readyAt == null || canary.generation() != generation) {
			return Decision.PROCEED;
		}
		if (old.isEmpty()) {
			// No old worker reports its requests' outcomes: nothing to compare with.
			this.settled = true;
			return Decision.PROCEED;
		}
		boolean windowOver = !now.isBefore(readyAt.plus(this.policy.window()));
		if (!windowOver && (this.policy.tooLittleTraffic() == CanaryPolicy.TooLittleTraffic.ABORT
				|| expectedInWindow(old) >= this.policy.minRequests())) {
			return Decision.HOLD;
		}
		this.settled = true;
		Side newSide = Side.of(fresh);
		Side oldSide = Side.of(old);
		String summary = "too little traffic to judge the new release: it served " + newSide.requests() + " requests"
				+ ((windowOver) ? " in " + Sentences.seconds(this.policy.window()) : "")
				+ ", fewer than min-requests=" + this.policy.minRequests()
				+ ((windowOver) ? "" : ", and the old workers served " + oldSide.requests() + " in their window");
		this.report = new CanaryReport(Verdict.TOO_LITTLE_TRAFFIC, summary, newSide, oldSide);
		return (this.policy.tooLittleTraffic() == CanaryPolicy.TooLittleTraffic.ABORT) ? new Abort(summary)
				: Decision.PROCEED;
	}

	/**
	 * The latest judgement, for the outcome.
	 * @return the report, or {@code null} when nothing was judged
	 */
	@Nullable CanaryReport report() {
		return this.report;
	}

	/**
	 * Judge the new release's workers against the old release's.
	 * @param fresh the new workers' outcomes
	 * @param old the old workers' outcomes
	 * @return the judgement
	 */
	CanaryReport judge(List<RequestOutcomes> fresh, List<RequestOutcomes> old) {
		Side newSide = Side.of(fresh);
		Side oldSide = Side.of(old);
		String errors = "the new release answered " + newSide.errorsInWords()
				+ " with 5xx or failed them, the old workers " + oldSide.errorsInWords();
		String latency = "p99 latency " + newSide.p99InWords() + " against " + oldSide.p99InWords();
		if (newSide.requests() < this.policy.minRequests()) {
			return new CanaryReport(Verdict.TOO_LITTLE_TRAFFIC, "the new release served " + newSide.requests()
					+ " requests in the window, fewer than min-requests=" + this.policy.minRequests(), newSide, oldSide);
		}
		double newShare = newSide.errorShare();
		double oldShare = oldSide.errorShare();
		if (newShare - oldShare >= this.policy.errorIncrease() && newShare >= this.policy.errorRatio() * oldShare) {
			return new CanaryReport(Verdict.MORE_ERRORS, errors, newSide, oldSide);
		}
		Double newP99 = newSide.p99Millis();
		Double oldP99 = oldSide.p99Millis();
		if (newP99 != null && oldP99 != null && newP99 >= this.policy.latencyRatio() * oldP99
				&& newP99 - oldP99 >= this.policy.latencyIncrease().toNanos() / 1e6) {
			return new CanaryReport(Verdict.SLOWER, "the new release answered with a " + latency
					+ " of the old workers (over " + newSide.requests() + " and " + oldSide.requests() + " requests)",
					newSide, oldSide);
		}
		String alike = (oldShare >= this.policy.errorIncrease())
				? " (the old workers fail alike: not the new release's doing)" : "";
		return new CanaryReport(Verdict.PASSED, errors + alike + "; " + latency, newSide, oldSide);
	}

	/** The requests a worker serves in a window, going by the old workers' last one. */
	private static double expectedInWindow(List<RequestOutcomes> old) {
		return old.stream().mapToLong((worker) -> worker.window().requests()).average().orElse(0);
	}

	private static List<RequestOutcomes> outcomes(List<Member> workers, boolean fresh, int generation) {
		return workers.stream()
			.filter((worker) -> (worker.generation() == generation) == fresh)
			.map(Member::outcomes)
			.filter(Objects::nonNull)
			.toList();
	}

	/**
	 * What the rollout does, by the analysis.
	 */
	sealed interface Decision {

		/** Go on: judged good, too little traffic accepted, or nothing to judge yet. */
		Decision PROCEED = new Proceed();

		/** Keep the first replacement on probation: its traffic does not yet suffice. */
		Decision HOLD = new Hold();

	}

	record Proceed() implements Decision {
	}

	record Hold() implements Decision {
	}

	/**
	 * Abort the rollout.
	 *
	 * @param reason why, with the figures
	 */
	record Abort(String reason) implements Decision {
	}

}
