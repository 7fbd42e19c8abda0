package io.github.clustermaster.shell;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.clustermaster.release.Release;
import io.github.clustermaster.supervisor.CanaryReport;
import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.RolloutOutcome;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerState;
import io.github.clustermaster.supervisor.RequestOutcomes;
import io.github.clustermaster.supervisor.WorkerStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplFormat} and {@link WorkerField}.
 */
class ReplFormatTests {

	private final List<WorkerInfo> workers = List.of(
			new WorkerInfo(1, 31810, WorkerState.READY, 1, Duration.ofSeconds(3725), 0),
			new WorkerInfo(12, 4, WorkerState.STARTING, 2, Duration.ofMillis(4210), 0));

	@Test
	void theTableAlignsItsColumns() {
		assertThat(ReplFormat.table(this.workers)).isEqualTo(String.join("\n",
				"ID  SLOT  PID    STATE     GEN  AGE     RELEASE  REQUESTS  INFLIGHT  HEAP  RSS  ERRORS  P99",
				"1   0     31810  READY     1    1h 02m  -        -         -         -     -    -       -",
				"12  11    4      STARTING  2    4.2s    -        -         -         -     -    -       -"));
	}

	@Test
	void theTableAndSelectShowWhatEachWorkerSaidWithItsLastHeartbeat() {
		RequestOutcomes.Counts window = new RequestOutcomes.Counts(140, 2, 6, 1, 1);
		WorkerStats busy = new WorkerStats(3000, 4, 5, 200, 40L << 20, 256L << 20, 180L << 20, 1200, 35,
				new RequestOutcomes(window, window, 10_000, 3.2, 12.46));
		WorkerStats idle = new WorkerStats(1000, 0, null, null, 30L << 20, -1, -1, 0, 0);
		Instant beat = Instant.now().minusSeconds(2);
		List<WorkerInfo> workers = List.of(
				new WorkerInfo(1, 11, WorkerState.READY, 1, Duration.ofMinutes(3), 0, null, busy, beat,
						"it served 3000 requests (cluster.master.recycle.max-requests=3000)"),
				new WorkerInfo(2, 22, WorkerState.READY, 1, Duration.ofMinutes(3), 0, null, idle, beat, null));
		assertThat(ReplFormat.table(workers)).isEqualTo(String.join("\n",
				"ID  SLOT  PID  STATE  GEN  AGE     RELEASE  REQUESTS  INFLIGHT  HEAP     RSS   ERRORS  P99",
				"1   0     11   READY  1    3m 00s  -        3000      4         40/256M  180M  2/150   12.5ms",
				"2   1     22   READY  1    3m 00s  -        1000      0         30/-     -     -       -"));
		assertThat(ReplFormat.map(workers, WorkerField.named("slot"))).isEqualTo("{1: 0, 2: 1}");
		assertThat(ReplFormat.map(workers, WorkerField.SHARE)).isEqualTo("{1: 75.0%, 2: 25.0%}");
		assertThat(ReplFormat.map(workers, WorkerField.THREADS)).isEqualTo("{1: 5/200, 2: -}");
		assertThat(ReplFormat.map(workers, WorkerField.GC)).isEqualTo("{1: 1.2s/35, 2: 0.0s/0}");
		assertThat(ReplFormat.map(workers, WorkerField.HEARTBEAT)).matches("\\{1: [2-9]\\.\\ds ago, 2: [2-9]\\.\\ds ago\\}");
		assertThat(ReplFormat.map(workers, WorkerField.RECYCLING))
			.isEqualTo("{1: it served 3000 requests (cluster.master.recycle.max-requests=3000), 2: -}");
		assertThat(ReplFormat.map(this.workers, WorkerField.REQUESTS)).as("before the first heartbeat")
			.isEqualTo("{1: -, 12: -}");
	}

	@Test
	void releasesSayWhatRunsWhereAndHowTheLastRolloutEnded() {
		Release v1 = new Release("a".repeat(64), Path.of("/srv/app/current/app.jar"), Path.of("/cache/a"),
				Instant.parse("2026-12-01T10:00:00Z"));
		Release v2 = new Release("b".repeat(64), Path.of("/srv/app/current/app.jar"), Path.of("/cache/b"),
				Instant.parse("2026-12-02T10:00:00Z"));
		List<WorkerInfo> workers = List.of(
				new WorkerInfo(3, 31, WorkerState.READY, 2, Duration.ofSeconds(9), 0, v2),
				new WorkerInfo(4, 41, WorkerState.READY, 2, Duration.ofSeconds(8), 0, v2),
				new WorkerInfo(1, 11, WorkerState.STOPPING, 1, Duration.ofMinutes(9), 0, v1));
		RolloutOutcome done = new RolloutOutcome(2, RolloutOutcome.Result.DONE,
				"Rolling restart to generation 2 done: 2 workers replaced in 9.1 s, on " + v2, 2,
				Duration.ofMillis(9100), Instant.parse("2026-12-02T10:00:10Z"), v2);
		ClusterStatus status = new ClusterStatus(2, 2, false, false, false, false, workers, ClusterCounters.NONE, v2,
				v1, null, done, -1);
		assertThat(ReplFormat.releases(status)).isEqualTo(String.join("\n",
				"release     bbbbbbbbbbbb  /srv/app/current/app.jar, since 2026-12-02T10:00:00Z",
				"previous    aaaaaaaaaaaa  /srv/app/current/app.jar, since 2026-12-01T10:00:00Z",
				"last        DONE: Rolling restart to generation 2 done: 2 workers replaced in 9.1 s, on release "
						+ "bbbbbbbbbbbb (/srv/app/current/app.jar)",
				"running     aaaaaaaaaaaa on worker 1", "running     bbbbbbbbbbbb on workers 3, 4"));
	}

	@Test
	void releasesShowTheFiguresOfTheLastRolloutsCanary() {
		CanaryReport canary = new CanaryReport(CanaryReport.Verdict.MORE_ERRORS, "the new release answered 48 of 50 "
				+ "requests (96.0%) with 5xx or failed them, the old workers 0 of 212 requests (0.0%)",
				new CanaryReport.Side(1, 50, 48, 3.0, 8.0), new CanaryReport.Side(2, 212, 0, 4.0, null));
		RolloutOutcome aborted = new RolloutOutcome(2, RolloutOutcome.Result.ROLLED_BACK,
				"Rolling restart to generation 2 aborted because " + canary.summary(), 0, Duration.ofSeconds(12),
				Instant.parse("2026-12-02T10:00:10Z"), null, canary);
		ClusterStatus status = new ClusterStatus(1, 1, false, false, false, false,
				List.of(new WorkerInfo(1, 11, WorkerState.READY, 1, Duration.ofSeconds(1), 0)), ClusterCounters.NONE,
				null, null, null, aborted, -1);
		assertThat(ReplFormat.releases(status).lines().toList()).contains(
				"last        ROLLED_BACK: Rolling restart to generation 2 aborted because the new release answered 48 "
						+ "of 50 requests (96.0%) with 5xx or failed them, the old workers 0 of 212 requests (0.0%)",
				"canary      MORE_ERRORS: new 1 worker 50 requests 48 errors p50 3.0ms p99 8.0ms; old 2 workers "
						+ "212 requests 0 errors p50 4.0ms p99 -");
	}

	@Test
	void releasesOfAClassPathLaunchAreDashes() {
		ClusterStatus status = new ClusterStatus(1, 1, false, false, false, false,
				List.of(new WorkerInfo(1, 11, WorkerState.READY, 1, Duration.ofSeconds(1), 0)), ClusterCounters.NONE);
		assertThat(ReplFormat.releases(status)).isEqualTo(String.join("\n", "release     -", "previous    -",
				"last        -", "running     - on worker 1"));
	}

	@Test
	void aMapIsTheSeeds() {
		assertThat(ReplFormat.map(this.workers, WorkerField.PID)).isEqualTo("{1: 31810, 12: 4}");
		assertThat(ReplFormat.map(List.of(), WorkerField.PID)).isEqualTo("{}");
	}

	@Test
	void durationsAreShort() {
		assertThat(ReplFormat.duration(Duration.ofMillis(999))).isEqualTo("1.0s");
		assertThat(ReplFormat.duration(Duration.ofSeconds(59))).isEqualTo("59.0s");
		assertThat(ReplFormat.duration(Duration.ofSeconds(303))).isEqualTo("5m 03s");
		assertThat(ReplFormat.duration(Duration.ofMinutes(125))).isEqualTo("2h 05m");
		assertThat(ReplFormat.duration(Duration.ofHours(76))).isEqualTo("3d 04h");
	}

	@Test
	void spawnToReadyIsOneWorkersTimeTheLastAndTheMeanNotTheirSum() {
		ClusterCounters counters = new ClusterCounters(0, 0, 0, 3, Duration.ofSeconds(18), Duration.ofSeconds(5), 0);
		assertThat(ReplFormat.spawnToReady(counters)).isEqualTo("last 5.0s, mean 6.0s of 3 workers");
		assertThat(ReplFormat.spawnToReady(ClusterCounters.NONE)).isEqualTo("-");
	}

	@Test
	void printableInputHasNoControlCharactersAndIsCut() {
		assertThat(ReplFormat.printable("a\u0000b\u001b[2J\uFFFD")).isEqualTo("a?b?[2J?");
		assertThat(ReplFormat.printable("z".repeat(100))).isEqualTo("z".repeat(40) + "...");
	}

	@Test
	void fieldsAreFoundByNameInAnyCase() {
		assertThat(WorkerField.named("PID")).isEqualTo(WorkerField.PID);
		assertThat(WorkerField.named("gen")).isEqualTo(WorkerField.GENERATION);
		assertThat(WorkerField.named(" state ")).isEqualTo(WorkerField.STATE);
	}

}
