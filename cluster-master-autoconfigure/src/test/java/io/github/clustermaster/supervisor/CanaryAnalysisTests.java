package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.github.clustermaster.supervisor.CanaryAnalysis.Decision;
import io.github.clustermaster.supervisor.CanaryReport.Verdict;
import io.github.clustermaster.supervisor.PoolView.Member;
import io.github.clustermaster.supervisor.RequestOutcomes.Counts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CanaryAnalysis} alone, with synthetic heartbeats and a clock given to
 * each step; and for how a {@link RollingRestart} carries out its decisions.
 *
 * @author cluster-master
 */
class CanaryAnalysisTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final int NEW = 2;

	private final List<Member> workers = new ArrayList<>();

	private final CanaryAnalysis analysis = new CanaryAnalysis(CanaryPolicy.DEFAULTS);

	@Test
	void aNewReleaseAnsweringClearlyMore5xxIsAbortedWithTheFigures() {
		old(1, outcomes(106, 0, 4.0, 9.0));
		old(2, outcomes(106, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(50, 48, 3.0, 8.0));
		Decision decision = this.analysis.step(pool(), NEW, canary, T0.plusSeconds(1));
		assertThat(decision).isEqualTo(new CanaryAnalysis.Abort("the new release answered 48 of 50 requests (96.0%) "
				+ "with 5xx or failed them, the old workers 0 of 212 requests (0.0%)"));
		CanaryReport report = this.analysis.report();
		assertThat(report.verdict()).isEqualTo(Verdict.MORE_ERRORS);
		assertThat(report.newWorkers()).isEqualTo(new CanaryReport.Side(1, 50, 48, 3.0, 8.0));
		assertThat(report.oldWorkers()).isEqualTo(new CanaryReport.Side(2, 212, 0, 4.0, 9.0));
	}

	@Test
	void aNewReleaseWhoseP99IsOverThreeTimesTheOldAndAtLeast100MsAboveIsAborted() {
		old(1, outcomes(200, 0, 3.0, 12.0));
		// A slow tail: the median as before; its first requests have left its window.
		Member canary = fresh(3, T0, warm(outcomes(60, 0, 4.0, 340.0)));
		// Slower: the rollout holds while it lasts, for a whole window
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(12))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.SLOWER);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(21))).isEqualTo(Decision.HOLD);
		Decision decision = this.analysis.step(pool(), NEW, canary, T0.plusSeconds(22));
		assertThat(decision).isInstanceOf(CanaryAnalysis.Abort.class);
		assertThat(((CanaryAnalysis.Abort) decision).reason()).isEqualTo("the new release answered with a p99 latency "
				+ "340.0 ms against 12.0 ms of the old workers (over 60 and 200 requests), and still slower after 10.0 s");
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.SLOWER);
	}

	@Test
	void aSlowerLatencyThatPassesWithinTheWindowIsNoVerdict() {
		// Measured: a good release under load 29 on 2 cores, its replacement 12 s into serving
		old(1, outcomes(122, 0, 12.0, 45.6));
		Member canary = fresh(3, T0, warm(outcomes(108, 0, 14.0, 161.8)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(12))).isEqualTo(Decision.HOLD);
		canary = replace(canary, warm(outcomes(110, 0, 12.5, 48.0)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(16))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.PASSED);
		// Slower again: it must last a whole window from now, not from the first time
		canary = replace(canary, warm(outcomes(108, 0, 14.0, 161.8)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(23))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(32))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(33))).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void aSlowerP99ThatHoldsTheNewJvmsFirstRequestsHoldsTheCanaryUntilTheyLeaveTheWindow() {
		old(1, outcomes(400, 0, 0.8, 7.3));
		// Measured on a good release: a cold JIT's first 83 requests.
		Member canary = fresh(3, T0, outcomes(83, 0, 3.4, 229.4));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(3))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.report().summary()).isEqualTo("too little traffic to judge the new release: its p99 "
				+ "latency 229.4 ms against 7.30 ms of the old workers holds its workers' first requests (a cold JVM's): "
				+ "it is judged once they have left the window");
		// Past the window, for five heartbeats.
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(14))).isEqualTo(Decision.HOLD);
		canary = replace(canary, warm(outcomes(300, 0, 0.9, 8.0)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(14))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.PASSED);
	}

	@Test
	void aSlowerMedianOfANewJvmIsJudgedOnceItsFirstRequestsHaveLeftTheWindow() {
		old(1, outcomes(200, 0, 2.0, 60.0));
		Member canary = fresh(3, T0, outcomes(25, 0, 305.0, 340.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.HOLD);
		canary = replace(canary, warm(outcomes(25, 0, 305.0, 340.0)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(11))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(21))).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void aLaterBatchStillBootingIsNotBlamedForItsColdLatency() {
		// Measured: the canary had passed; the next replacement, booting on 2 busy cores, served
		// slowly before it was ready.
		old(1, outcomes(48, 0, 14.0, 40.0));
		Member canary = fresh(3, T0, warm(outcomes(40, 0, 15.0, 45.0)));
		this.workers.add(new Member(4, NEW, WorkerState.STARTING, null, outcomes(20, 0, 450.0, 900.0)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(15))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isNotEqualTo(Verdict.SLOWER);
	}

	@Test
	void aColdP99StillThereFiveHeartbeatsAfterTheWindowProceedsAndSaysSo() {
		old(1, outcomes(400, 0, 0.8, 7.3));
		Member canary = fresh(3, T0, outcomes(83, 0, 3.4, 229.4));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(3))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(14))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(15))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		assertThat(this.analysis.report().summary()).endsWith("it is judged once they have left the window");
	}

	@Test
	void aNewReleaseWhoseEveryRequestIsSlowerIsAbortedByItsMedianBeforeItsP99CanBeJudged() {
		old(1, outcomes(200, 0, 2.0, 60.0));
		Member canary = fresh(3, T0, warm(outcomes(25, 0, 305.0, 340.0)));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(12))).isEqualTo(Decision.HOLD);
		Decision decision = this.analysis.step(pool(), NEW, canary, T0.plusSeconds(22));
		assertThat(decision).isEqualTo(new CanaryAnalysis.Abort("the new release answered with a median latency "
				+ "305.0 ms against 2.00 ms of the old workers (over 25 and 200 requests), and still slower after 10.0 s"));
	}

	@Test
	void aSlowerP99ThatIsNot100MsAboveTheOldIsJitterNotAVerdict() {
		old(1, outcomes(200, 0, 1.0, 3.0));
		// A new JVM's first requests: 30× the old p99, but 87 ms.
		Member canary = fresh(3, T0, outcomes(60, 0, 2.0, 90.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.PASSED);
	}

	@Test
	void whenTheOldWorkersFailAlikeTheNewReleaseIsNotBlamed() {
		// The database is down: every worker fails half its requests.
		old(1, outcomes(200, 100, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(60, 33, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.PASSED);
		assertThat(this.analysis.report().summary()).contains("the old workers fail alike: not the new release's doing");
	}

	@Test
	void fewer5xxThanTheIncreaseOrTheRatioAskIsNoVerdict() {
		old(1, outcomes(1000, 20, 4.0, 9.0));
		// 6% against 2%: up by 4 points, under 5.
		Member canary = fresh(3, T0, outcomes(100, 6, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.PROCEED);
		// 12% against 4%: up by 8 points, but 3×, under 5×.
		CanaryReport report = this.analysis.judge(List.of(outcomes(100, 12, 4.0, 9.0)),
				List.of(outcomes(1000, 40, 4.0, 9.0)));
		assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
	}

	@Test
	void tooFewRequestsHoldTheCanaryWhileTheWindowCanBringEnough() {
		old(1, outcomes(400, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(6, 6, 4.0, 9.0));
		// 6 of them failed, but 6 requests judge nothing yet (min-requests 10): hold on.
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.report().verdict()).isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		canary = replace(canary, outcomes(25, 25, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(3))).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void oneErrorInTwentyIsNoVerdictTwentyInTwentyIs() {
		old(1, outcomes(163, 0, 4.0, 9.0));
		assertThat(this.analysis.judge(List.of(outcomes(20, 1, 4.0, 9.0)), List.of(outcomes(163, 0, 4.0, 9.0))).verdict())
			.isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		assertThat(this.analysis.judge(List.of(outcomes(20, 20, 4.0, 9.0)), List.of(outcomes(163, 0, 4.0, 9.0))).verdict())
			.isEqualTo(Verdict.MORE_ERRORS);
		// At the default min-requests (10) as well: one failure is chance, three are not
		assertThat(this.analysis.judge(List.of(outcomes(10, 1, 4.0, 9.0)), List.of(outcomes(163, 0, 4.0, 9.0))).verdict())
			.isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		assertThat(this.analysis.judge(List.of(outcomes(10, 3, 4.0, 9.0)), List.of(outcomes(163, 0, 4.0, 9.0))).verdict())
			.isEqualTo(Verdict.MORE_ERRORS);
	}

	@Test
	void anErrorShareOverTheThresholdsButNotSignificantHoldsAndThenProceedsSayingWhy() {
		old(1, outcomes(163, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(20, 1, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(10))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().summary()).isEqualTo("too little traffic to judge the new release: the new "
				+ "release answered 1 of 20 requests (5.0%) with 5xx or failed them, the old workers 0 of 163 requests "
				+ "(0.0%), too few requests to tell them apart");
	}

	@Test
	void oneErrorOfTheNewReleaseIsNoVerdictHoweverManyRequestsTheOldServedWithout() {
		List<RequestOutcomes> old = List.of(outcomes(1575, 0, 4.0, 9.0));
		assertThat(this.analysis.judge(List.of(outcomes(20, 1, 4.0, 9.0)), old).verdict())
			.isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		assertThat(this.analysis.judge(List.of(outcomes(20, 3, 4.0, 9.0)), old).verdict())
			.isEqualTo(Verdict.MORE_ERRORS);
	}

	@Test
	void aSlowTailOfFewerThan50RequestsIsTheirSlowestRequestNoVerdict() {
		assertThat(this.analysis.judge(List.of(outcomes(30, 0, 4.0, 500.0)), List.of(outcomes(163, 0, 4.0, 9.0)))
			.verdict()).isEqualTo(Verdict.PASSED);
	}

	@Test
	void aNewWorkerServingBeforeItSaysReadyIsJudgedAlready() {
		old(1, outcomes(200, 0, 4.0, 9.0));
		this.workers.add(new Member(3, NEW, WorkerState.STARTING, null, outcomes(25, 25, 4.0, 9.0)));
		assertThat(this.analysis.step(pool(), NEW, null, T0)).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void tooLittleTrafficByTheEndOfTheWindowProceedsAndSaysSo() {
		old(1, outcomes(60, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(6, 0, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(9))).isEqualTo(Decision.HOLD);
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(10))).isEqualTo(Decision.PROCEED);
		CanaryReport report = this.analysis.report();
		assertThat(report.verdict()).isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
		assertThat(report.summary()).isEqualTo("too little traffic to judge the new release: it served 6 requests "
				+ "in 10.0 s, fewer than the 10 it takes");
	}

	@Test
	void whenTheOldWorkersServeTooLittleForTheWindowToBringEnoughTheCanaryIsNotHeld() {
		old(1, outcomes(8, 0, 4.0, 9.0));
		old(2, outcomes(7, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(1, 0, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(1))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report().summary()).isEqualTo("too little traffic to judge the new release: it served "
				+ "1 requests, fewer than the 10 it takes, and the old workers served 15 in their window");
	}

	@Test
	void tooLittleTrafficAbortsWhenThePolicySaysSoAfterTheWholeWindow() {
		CanaryAnalysis strict = new CanaryAnalysis(new CanaryPolicy(true, Duration.ofSeconds(10), 50, 0.05, 5, 3,
				Duration.ofMillis(100), CanaryPolicy.TooLittleTraffic.ABORT));
		old(1, outcomes(3, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(1, 0, 4.0, 9.0));
		assertThat(strict.step(pool(), NEW, canary, T0.plusSeconds(5))).isEqualTo(Decision.HOLD);
		assertThat(strict.step(pool(), NEW, canary, T0.plusSeconds(10))).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void afterItPassedLaterStepsStillAbortAWorseRelease() {
		old(1, outcomes(200, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(60, 0, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(2))).isEqualTo(Decision.PROCEED);
		replace(canary, outcomes(200, 30, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(5))).isInstanceOf(CanaryAnalysis.Abort.class);
	}

	@Test
	void withoutOutcomesFromTheOldWorkersNothingIsJudgedOrHeld() {
		this.workers.add(new Member(1, 1, WorkerState.READY, T0.minusSeconds(60)));
		Member canary = fresh(3, T0, outcomes(60, 60, 4.0, 9.0));
		assertThat(this.analysis.step(pool(), NEW, canary, T0.plusSeconds(1))).isEqualTo(Decision.PROCEED);
		assertThat(this.analysis.report()).isNull();
	}

	@Test
	void turnedOffItProceedsAlways() {
		CanaryAnalysis off = new CanaryAnalysis(CanaryPolicy.OFF);
		old(1, outcomes(200, 0, 4.0, 9.0));
		Member canary = fresh(3, T0, outcomes(60, 60, 4.0, 9.0));
		assertThat(off.step(pool(), NEW, canary, T0.plusSeconds(1))).isEqualTo(Decision.PROCEED);
		assertThat(off.report()).isNull();
	}

	@Test
	void aRolloutAbortsWithTheFiguresAndItsOutcomeCarriesThem() {
		old(1, outcomes(200, 0, 4.0, 9.0));
		old(2, outcomes(200, 0, 4.0, 9.0));
		LaunchSpec v1 = new LaunchSpec(1, Map.of(), null);
		RollingRestart rollout = new RollingRestart(v1, v1.next(2, null, null), 2, T0, Duration.ofSeconds(2),
				new CompletableFuture<>(), 0, CanaryPolicy.DEFAULTS, SupervisorLog::log);
		assertThat(rollout.step(pool(), T0)).isEqualTo(new RolloutStep.Spawn(1));
		rollout.spawned(3);
		this.workers.add(new Member(3, NEW, WorkerState.STARTING, null));
		assertThat(rollout.step(pool(), T0.plusSeconds(1))).isEqualTo(RolloutStep.WAIT);
		this.workers.removeIf((worker) -> worker.id() == 3);
		fresh(3, T0.plusSeconds(5), outcomes(5, 0, 4.0, 9.0));
		// Ready, past min-restart-age, but held for traffic.
		assertThat(rollout.step(pool(), T0.plusSeconds(8))).isEqualTo(RolloutStep.WAIT);
		replace(this.workers.get(2), outcomes(60, 60, 4.0, 9.0));
		RolloutStep step = rollout.step(pool(), T0.plusSeconds(9));
		assertThat(step).isInstanceOf(RolloutStep.Abort.class);
		RollingRestart.Aborted aborted = rollout.abort(((RolloutStep.Abort) step).reason(), pool(), T0.plusSeconds(9));
		assertThat(aborted.outcome().message()).startsWith("Rolling restart to generation 2 aborted because the new "
				+ "release answered 60 of 60 requests (100.0%) with 5xx or failed them, the old workers 0 of 400");
		assertThat(aborted.outcome().canary().verdict()).isEqualTo(Verdict.MORE_ERRORS);
	}

	@Test
	void aRolloutWithTooLittleTrafficSaysSoInItsOutcome() {
		old(1, outcomes(3, 0, 4.0, 9.0));
		LaunchSpec v1 = new LaunchSpec(1, Map.of(), null);
		RollingRestart rollout = new RollingRestart(v1, v1.next(2, null, null), 1, T0, Duration.ofSeconds(2),
				new CompletableFuture<>(), 0, CanaryPolicy.DEFAULTS, SupervisorLog::log);
		rollout.step(poolOfOne(), T0);
		rollout.spawned(3);
		fresh(3, T0.plusSeconds(5), outcomes(1, 0, 4.0, 9.0));
		assertThat(rollout.step(poolOfOne(), T0.plusSeconds(7)))
			.isEqualTo(new RolloutStep.Stop(List.of(1), "rolling restart to generation 2"));
		this.workers.removeIf((worker) -> worker.id() == 1);
		RolloutStep settle = rollout.step(poolOfOne(), T0.plusSeconds(8));
		RolloutStep finish = rollout.settled((RolloutStep.Settle) settle, poolOfOne(), T0.plusSeconds(8));
		assertThat(((RolloutStep.Finish) finish).outcome().message()).isEqualTo("Rolling restart to generation 2 done: "
				+ "1 worker replaced in 8.0 s; canary: too little traffic to judge the new release: it served 1 requests, "
				+ "fewer than the 10 it takes, and the old workers served 3 in their window, so it proceeded unjudged");
		assertThat(((RolloutStep.Finish) finish).outcome().canary().verdict()).isEqualTo(Verdict.TOO_LITTLE_TRAFFIC);
	}

	private static RequestOutcomes outcomes(long requests, long errors, double p50, double p99) {
		Counts window = new Counts(requests - errors, 0, 0, errors, 0);
		return new RequestOutcomes(window, window, 10_000, p50, p99);
	}

	/** The same window, with earlier requests that have left it. */
	private static RequestOutcomes warm(RequestOutcomes outcomes) {
		Counts window = outcomes.window();
		Counts total = new Counts(window.status2xx() + 100, window.status3xx(), window.status4xx(), window.status5xx(),
				window.failed());
		return new RequestOutcomes(total, window, outcomes.windowMillis(), outcomes.p50Millis(), outcomes.p99Millis());
	}

	private void old(int id, RequestOutcomes outcomes) {
		this.workers.add(new Member(id, 1, WorkerState.READY, T0.minusSeconds(60), outcomes));
	}

	private Member fresh(int id, Instant readyAt, RequestOutcomes outcomes) {
		Member member = new Member(id, NEW, WorkerState.READY, readyAt, outcomes);
		this.workers.add(member);
		return member;
	}

	private Member replace(Member worker, RequestOutcomes outcomes) {
		Member member = new Member(worker.id(), worker.generation(), worker.state(), worker.readyAt(), outcomes);
		this.workers.replaceAll((each) -> (each.id() == worker.id()) ? member : each);
		return member;
	}

	private PoolView poolOfOne() {
		return new PoolView(1, 1, true, false, this.workers);
	}

	private PoolView pool() {
		return new PoolView(2, 2, true, false, this.workers);
	}

}
