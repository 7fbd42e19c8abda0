package io.github.clustermaster.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.supervisor.RequestOutcomes;
import io.github.clustermaster.supervisor.RequestOutcomes.Counts;
import io.github.clustermaster.supervisor.WorkerStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerStatsSource} and {@link RequestStats}.
 *
 * @author cluster-master
 */
class WorkerStatsSourceTests {

	@Test
	void theResidentMemoryIsVmRssInKibibytes() {
		assertThat(WorkerStatsSource.residentBytes(List.of("Name:\tjava", "VmHWM:\t  204800 kB",
				"VmRSS:\t  184320 kB", "RssAnon:\t  150000 kB"))).isEqualTo(184320L * 1024);
	}

	@Test
	void withoutVmRssTheResidentMemoryIsUnknown() {
		assertThat(WorkerStatsSource.residentBytes(List.of("Name:\tjava"))).isEqualTo(-1);
		assertThat(WorkerStatsSource.residentBytes(Path.of("/nonexistent/status"))).isEqualTo(-1);
	}

	@Test
	void aWorkersBootRehearsedWithoutAMasterSendsThisJvmsOwnFiguresAndReadsThemBack() {
		List<Frame> frames = WorkerSession.rehearseBoot();
		assertThat(frames).hasSize(4);
		assertThat(frames.get(0)).isInstanceOfSatisfying(Frame.Heartbeat.class, (heartbeat) -> {
			assertThat(heartbeat.stats()).isNotNull();
			assertThat(heartbeat.stats().heapUsedBytes()).isPositive();
			assertThat(heartbeat.stats().outcomes()).isNotNull();
		});
		assertThat(frames.get(3)).isEqualTo(new Frame.Ready());
	}

	@Test
	void thisJvmsOwnFiguresAreRead() {
		RequestStats requests = new RequestStats();
		requests.started();
		requests.ended(200, System.nanoTime());
		requests.started();
		WorkerStatsSource source = new WorkerStatsSource(requests);
		source.threads(() -> new ServerThreads.Usage(3, 200));
		WorkerStats stats = source.read();
		assertThat(stats.requests()).isOne();
		assertThat(stats.inFlight()).isOne();
		assertThat(stats.busyThreads()).isEqualTo(3);
		assertThat(stats.maxThreads()).isEqualTo(200);
		assertThat(stats.heapUsedBytes()).isPositive();
		assertThat(stats.rssBytes()).as("this machine runs Linux").isPositive();
		assertThat(stats.gcCount()).isNotNegative();
		assertThat(stats.outcomes().total()).isEqualTo(new Counts(1, 0, 0, 0, 0));
	}

	@Test
	void requestsAreCountedByStatusClassAndFailedOnesApart() {
		RequestStats requests = new RequestStats();
		int[] statuses = { 100, 200, 204, 302, 404, 500, 503 };
		for (int status : statuses) {
			requests.started();
			requests.ended(status, System.nanoTime());
		}
		requests.started();
		requests.failed(System.nanoTime());
		RequestOutcomes outcomes = requests.outcomes(0);
		assertThat(outcomes.total()).isEqualTo(new Counts(3, 1, 1, 2, 1));
		assertThat(outcomes.total().requests()).isEqualTo(8);
		assertThat(outcomes.total().errors()).isEqualTo(3);
		assertThat(requests.served()).isEqualTo(8);
		assertThat(requests.inFlight()).isZero();
	}

	@Test
	void theWindowHoldsTheReadingsOfItsLengthAndItsPercentilesComeFromAnHdrHistogram() {
		RequestStats requests = new RequestStats();
		requests.window(Duration.ofSeconds(3));
		long second = 1_000_000_000L;
		// Second 1: 99 fast requests (1 ms) and one slow 500 (300 ms).
		for (int i = 0; i < 99; i++) {
			served(requests, 200, Duration.ofMillis(1));
		}
		served(requests, 500, Duration.ofMillis(300));
		RequestOutcomes first = requests.outcomes(1 * second);
		assertThat(first.window()).isEqualTo(new Counts(99, 0, 0, 1, 0));
		// The 99th value of 100 is a fast one (a few tenths of a millisecond for the test's own calls).
		assertThat(first.p50Millis()).isBetween(1.0, 20.0);
		assertThat(first.p99Millis()).isBetween(1.0, 20.0);
		// Seconds 2 and 3: 10 requests of 50 ms each.
		for (int i = 0; i < 10; i++) {
			served(requests, 200, Duration.ofMillis(50));
		}
		requests.outcomes(2 * second);
		requests.outcomes(3 * second);
		// Second 4: the first second's requests leave the window.
		RequestOutcomes later = requests.outcomes(4 * second);
		assertThat(later.window()).isEqualTo(new Counts(10, 0, 0, 0, 0));
		assertThat(later.total()).isEqualTo(new Counts(109, 0, 0, 1, 0));
		assertThat(later.p50Millis()).isBetween(50.0, 70.0);
		assertThat(later.windowMillis()).isEqualTo(3000);
		// Nothing in the window: no percentiles.
		RequestOutcomes idle = requests.outcomes(8 * second);
		assertThat(idle.window().requests()).isZero();
		assertThat(idle.p99Millis()).isNull();
	}

	/** A request that took about the given time (its start is set back by it). */
	private static void served(RequestStats requests, int status, Duration took) {
		requests.started();
		requests.ended(status, System.nanoTime() - took.toNanos());
	}

	@Test
	void aServerWithoutAThreadPoolReportsNoThreads() {
		WorkerStats stats = new WorkerStatsSource(new RequestStats()).read();
		assertThat(stats.busyThreads()).isNull();
		assertThat(stats.maxThreads()).isNull();
	}

}
