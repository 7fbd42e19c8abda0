package io.github.clustermaster.worker;

import java.nio.file.Path;
import java.util.List;

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
	void thisJvmsOwnFiguresAreRead() {
		RequestStats requests = new RequestStats();
		requests.started();
		requests.ended();
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
	}

	@Test
	void aServerWithoutAThreadPoolReportsNoThreads() {
		WorkerStats stats = new WorkerStatsSource(new RequestStats()).read();
		assertThat(stats.busyThreads()).isNull();
		assertThat(stats.maxThreads()).isNull();
	}

}
