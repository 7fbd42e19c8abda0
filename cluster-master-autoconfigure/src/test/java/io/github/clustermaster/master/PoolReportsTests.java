package io.github.clustermaster.master;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.pool.PerProcessState;
import io.github.clustermaster.pool.PoolSecret;
import io.github.clustermaster.pool.PoolWarning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PoolReports}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolReportsTests {

	private static final PoolWarning DATABASE = PerProcessState.IN_MEMORY_DATABASE
		.warning("DataSource 'dataSource', jdbc:h2:mem:test");

	private static final PoolWarning CACHE = PerProcessState.LOCAL_CACHE.warning("ConcurrentMapCacheManager 'cacheManager'");

	private final PoolSecret secret = PoolSecret.generate();

	private final AtomicInteger size = new AtomicInteger(3);

	@Test
	void eachKindIsLoggedOnceForThePoolHoweverManyWorkersReportIt(CapturedOutput output) {
		PoolReports reports = new PoolReports(this.secret, Set.of(), this.size::get);
		for (int worker = 1; worker <= 3; worker++) {
			reports.reported(worker, new Frame.Report(List.of(DATABASE, CACHE), null));
		}
		reports.reported(4, new Frame.Report(List.of(CACHE), null));
		assertThat(count(output, "Each worker has its own in-memory database")).isEqualTo(1);
		assertThat(count(output, "Each worker has its own cache")).isEqualTo(1);
		assertThat(reports.warnings(3)).containsExactly(DATABASE, CACHE);
		assertThat(count(output, "Each worker has its own cache")).isEqualTo(1);
	}

	@Test
	void aPoolOfOneWorkerHasNoWarningUntilItGrows(CapturedOutput output) {
		this.size.set(1);
		PoolReports reports = new PoolReports(this.secret, Set.of(), this.size::get);
		reports.reported(1, new Frame.Report(List.of(DATABASE), null));
		assertThat(reports.warnings(1)).isEmpty();
		assertThat(output).doesNotContain("Each worker has its own in-memory database");
		assertThat(reports.warnings(2)).containsExactly(DATABASE);
		assertThat(reports.warnings(2)).containsExactly(DATABASE);
		assertThat(count(output, "Each worker has its own in-memory database")).isEqualTo(1);
	}

	@Test
	void aSilencedKindIsNeitherLoggedNorShown(CapturedOutput output) {
		ClusterMasterProperties properties = new ClusterMasterProperties();
		properties.getWarnings().setLocalCache(false);
		PoolReports reports = new PoolReports(this.secret, PoolReports.silenced(properties.getWarnings()),
				this.size::get);
		reports.reported(1, new Frame.Report(List.of(DATABASE, CACHE), null));
		assertThat(reports.warnings(3)).containsExactly(DATABASE);
		assertThat(output).doesNotContain("Each worker has its own cache");
	}

	@Test
	void theGeneratedPasswordIsLoggedOnceWhenTheFirstWorkerReportsItsUserTookIt(CapturedOutput output) {
		PoolReports reports = new PoolReports(this.secret, Set.of(), this.size::get);
		reports.reported(1, new Frame.Report(List.of(), null));
		assertThat(output).doesNotContain("Using generated security password");
		reports.reported(2, new Frame.Report(List.of(), "user"));
		reports.reported(3, new Frame.Report(List.of(), "user"));
		assertThat(count(output, "Using generated security password: " + this.secret.userPassword())).isEqualTo(1);
		assertThat(output).contains("for user 'user' of every worker (first reported by worker 2)");
	}

	@Test
	void everyKindHasItsProperty() {
		ClusterMasterProperties.Warnings warnings = new ClusterMasterProperties().getWarnings();
		assertThat(PoolReports.silenced(warnings)).isEmpty();
		warnings.setInMemoryDatabase(false);
		warnings.setSimpleBroker(false);
		warnings.setLocalCache(false);
		assertThat(PoolReports.silenced(warnings)).containsExactlyInAnyOrder("in-memory-database", "simple-broker",
				"local-cache");
	}

	private static long count(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).count();
	}

}
