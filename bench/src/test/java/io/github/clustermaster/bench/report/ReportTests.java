package io.github.clustermaster.bench.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Report} and {@link Stats}.
 *
 * @author cluster-master
 */
class ReportTests {

	@Test
	void theJsonLineKeepsTheOrderOfTheFiguresAndWritesWhatIsNotANumberAsNull() {
		Report report = new Report();
		report.put("spawn_plain_ms", 3604L);
		report.put("fast_mode", "cds \"quoted\"");
		report.put("spawn_ratio", Stats.round(0.7812, 2));
		report.put("rss_ratio", Double.NaN);
		report.put("master_classes", null);
		report.put("quick", true);
		assertThat(report.json()).isEqualTo("{\"spawn_plain_ms\":3604,\"fast_mode\":\"cds \\\"quoted\\\"\","
				+ "\"spawn_ratio\":0.78,\"rss_ratio\":null,\"master_classes\":null,\"quick\":true}");
		assertThat(report.whole("spawn_plain_ms")).isEqualTo(3604L);
		assertThat(report.whole("spawn_ratio")).isNull();
	}

	@Test
	void verdictsSayMetOrMissedAndAreCounted() {
		Report report = new Report();
		report.target("restart_failed = 0", true, "0");
		report.target("deploy_failed = 0", false, "3");
		assertThat(report.verdicts()).containsExactly("met    restart_failed = 0: 0", "missed deploy_failed = 0: 3");
		assertThat(report.missed()).isEqualTo(1);
	}

	@Test
	void statsLeaveOutWhatIsNotANumber() {
		assertThat(Stats.median(List.of(3.0, Double.NaN, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(Stats.median(List.of(1, 2, 3, 4))).isEqualTo(2.5);
		assertThat(Stats.median(List.<Double>of())).isNaN();
		assertThat(Stats.percentile(List.of(1_000_000L, 2_000_000L, 100_000_000L), 0.99)).isEqualTo(100.0);
		assertThat(Stats.round(2.0, 0)).isEqualTo(2L);
		assertThat(Stats.round(Double.POSITIVE_INFINITY, 2)).isNull();
		assertThat(Stats.plural(1, "round")).isEqualTo("1 round");
		assertThat(Stats.plural(3, "round")).isEqualTo("3 rounds");
	}

}
