package io.github.clustermaster.supervisor;

import java.time.Duration;
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
 * for more traffic, or aborts because the new release is clearly worse. New workers count
 * from their first request, ready or not (a server listens before its application says
 * ready). Errors are judged once the new workers have served
 * {@link CanaryPolicy#minRequests}, and only on a significant difference, with their
 * median latency; their p99 once they have served {@link #LATENCY_MIN_REQUESTS}. A new
 * worker's latency is judged once its first requests (a cold JVM's) have left its window,
 * and a slower latency aborts only once it has lasted a whole window, holding the rollout
 * meanwhile; errors, tested for significance, abort at once.
 * Until then the first replacement is held, for at most the window after it became ready, and not at all when
 * the old workers' own traffic shows that the window would not bring enough; then the
 * policy for too little traffic decides.
 *
 * @author cluster-master
 */
final class CanaryAnalysis {

	/**
	 * The fewest requests of the new workers whose p99 is judged: the 99th percentile of
	 * fewer is their slowest request (a new JVM's first, say). Before, their median is.
	 */
	static final int LATENCY_MIN_REQUESTS = 50;

	/**
	 * How unlikely the new workers' errors must be were they failing as often as the old
	 * workers (a one-sided binomial test, the tail of three standard errors): one failed
	 * request of twenty is no verdict, twenty of twenty is. The old workers' share is taken
	 * as {@code (errors + 1) / (requests + 2)}: none of theirs failing in a thousand does not
	 * make one failure of the new release a verdict.
	 */
	static final double ERROR_SIGNIFICANCE = 0.00135;

	/**
	 * How long past the window a first replacement whose latency looks slower but still
	 * holds its first requests (a cold JVM's) is held, for those requests to leave its
	 * window and a heartbeat to say so: five heartbeats, as they come late on busy cores
	 * (CanaryIT at load 25 on 2 cores: 1.5 s later than two).
	 */
	static final Duration COLD_GRACE = Duration.ofSeconds(5);

	/** Said of a slower latency once it has lasted its confirmation, a whole window. */
	private static final String STILL_SLOWER = ", and still slower after ";

	private static final String COLD = " holds its workers' first requests (a cold JVM's): it is judged once they have "
			+ "left the window";

	private final CanaryPolicy policy;

	/** The latest judgement worth showing: a verdict once there is one, else the latest. */
	private @Nullable CanaryReport report;

	/** Whether a judgement with enough traffic was made, or too little traffic was accepted. */
	private boolean settled;

	/**
	 * When the new release was first judged slower, if it has been in every judgement
	 * since: a slower latency aborts once it has lasted a whole window.
	 */
	private @Nullable Instant slowerSince;

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
		// A new worker serves from the moment its server listens, before it says ready: its
		// requests count from then. An old one counts once ready, and until it is stopped.
		List<Member> serving = pool.live()
			.stream()
			.filter((worker) -> worker.state() == WorkerState.READY || worker.generation() == generation)
			.toList();
		List<RequestOutcomes> fresh = outcomes(serving, true, generation).stream()
			.filter((outcomes) -> outcomes.window().requests() > 0)
			.toList();
		List<RequestOutcomes> old = outcomes(serving, false, generation);
		if (!fresh.isEmpty() && !old.isEmpty()) {
			CanaryReport judged = judge(fresh, old);
			if (judged.verdict() == Verdict.SLOWER) {
				// Confirmed over a whole window: the requests judged then share none with those
				// it was first seen on. A burst on a busy host, or the new JVM's JIT compiling its
				// hot paths while it serves, passes meanwhile; a slower release stays slower.
				this.slowerSince = (this.slowerSince != null) ? this.slowerSince : now;
				if (now.isBefore(this.slowerSince.plus(this.policy.window()))) {
					if (!this.settled) {
						this.report = judged;
					}
					return Decision.HOLD;
				}
				judged = new CanaryReport(Verdict.SLOWER, judged.summary() + STILL_SLOWER
						+ Sentences.seconds(Duration.between(this.slowerSince, now)), judged.newWorkers(),
						judged.oldWorkers());
			}
			else {
				this.slowerSince = null;
			}
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
		Duration grace = waitingForWarmLatency() ? COLD_GRACE : Duration.ZERO;
		boolean windowOver = !now.isBefore(readyAt.plus(this.policy.window()).plus(grace));
		if (!windowOver && (this.policy.tooLittleTraffic() == CanaryPolicy.TooLittleTraffic.ABORT
				|| expectedInWindow(old) >= this.policy.minRequests())) {
			return Decision.HOLD;
		}
		this.settled = true;
		Side newSide = Side.of(fresh);
		Side oldSide = Side.of(old);
		String summary = (newSide.requests() >= this.policy.minRequests() && this.report != null) ? this.report.summary()
				: "too little traffic to judge the new release: it served " + newSide.requests() + " requests"
						+ ((windowOver) ? " in " + Sentences.seconds(this.policy.window()) : "")
						+ ", fewer than the " + this.policy.minRequests() + " it takes"
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
			// Over the thresholds but not yet significant: more traffic tells.
			return significant(newSide, oldSide) ? new CanaryReport(Verdict.MORE_ERRORS, errors, newSide, oldSide)
					: new CanaryReport(Verdict.TOO_LITTLE_TRAFFIC, "too little traffic to judge the new release: "
							+ errors + ", too few requests to tell them apart", newSide, oldSide);
		}
		String slower = slower(newSide, oldSide);
		if (slower != null) {
			// A new JVM's first requests are slow (class loading, a cold JIT, and its boot on
			// the same cores): a new worker's latency is its release's once they have left its window.
			List<RequestOutcomes> warm = fresh.stream()
				.filter((worker) -> worker.total().requests() > worker.window().requests())
				.toList();
			Side warmSide = (warm.size() == fresh.size()) ? newSide : Side.of(warm);
			String warmSlower = (warmSide.requests() > 0) ? slower(warmSide, oldSide) : null;
			if (warmSlower == null) {
				return new CanaryReport(Verdict.TOO_LITTLE_TRAFFIC,
						"too little traffic to judge the new release: its " + slower + COLD, newSide, oldSide);
			}
			return new CanaryReport(Verdict.SLOWER, "the new release answered with a " + warmSlower + " (over "
					+ warmSide.requests() + " and " + oldSide.requests() + " requests)", newSide, oldSide);
		}
		String alike = (oldShare >= this.policy.errorIncrease())
				? " (the old workers fail alike: not the new release's doing)" : "";
		return new CanaryReport(Verdict.PASSED, errors + alike + "; " + latency, newSide, oldSide);
	}

	/** Whether the latest judgement waits for the new workers' first requests to leave their window. */
	private boolean waitingForWarmLatency() {
		return this.report != null && this.report.verdict() == Verdict.TOO_LITTLE_TRAFFIC
				&& this.report.summary().endsWith(COLD);
	}

	/**
	 * How the new workers are clearly slower than the old: by their median once they have
	 * served min-requests, by their p99 once they have served {@link #LATENCY_MIN_REQUESTS}.
	 * @return {@code median latency 305.0 ms against 2.00 ms of the old workers}, or
	 * {@code null} when they are not clearly slower
	 */
	private @Nullable String slower(Side fresh, Side old) {
		if (fresh.requests() >= this.policy.minRequests() && slower(fresh.p50Millis(), old.p50Millis())) {
			return "median latency " + Sentences.millis(fresh.p50Millis()) + " against "
					+ Sentences.millis(old.p50Millis()) + " of the old workers";
		}
		if (fresh.requests() >= LATENCY_MIN_REQUESTS && slower(fresh.p99Millis(), old.p99Millis())) {
			return "p99 latency " + fresh.p99InWords() + " against " + old.p99InWords() + " of the old workers";
		}
		return null;
	}

	/** Whether a latency is the latency ratio times the old one and the increase above it. */
	private boolean slower(@Nullable Double fresh, @Nullable Double old) {
		return fresh != null && old != null && fresh >= this.policy.latencyRatio() * old
				&& fresh - old >= this.policy.latencyIncrease().toNanos() / 1e6;
	}

	/**
	 * Whether the new workers' errors would happen with a probability under
	 * {@link #ERROR_SIGNIFICANCE} were they failing as often as the old workers.
	 */
	static boolean significant(Side fresh, Side old) {
		double share = (old.errors() + 1.0) / (old.requests() + 2.0);
		return tail(fresh.requests(), fresh.errors(), share) < ERROR_SIGNIFICANCE;
	}

	/** The probability of at least {@code k} successes in {@code n} trials of {@code p}. */
	private static double tail(long n, long k, double p) {
		if (k <= 0) {
			return 1;
		}
		double logTerm = k * Math.log(p) + (n - k) * Math.log1p(-p);
		for (long i = 0; i < k; i++) {
			logTerm += Math.log((double) (n - i) / (i + 1));
		}
		double term = Math.exp(logTerm);
		double sum = 0;
		for (long i = k; i <= n && term > 0; i++) {
			sum += term;
			if (term < sum * 1e-12) {
				break;
			}
			term *= (double) (n - i) / (i + 1) * p / (1 - p);
		}
		return Math.min(1, sum);
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
