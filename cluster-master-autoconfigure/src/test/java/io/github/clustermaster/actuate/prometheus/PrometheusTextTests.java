package io.github.clustermaster.actuate.prometheus;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PrometheusText}.
 *
 * @author cluster-master
 */
class PrometheusTextTests {

	private static final String WORKER_1 = """
			# HELP cluster_master_size The wanted number of workers
			# TYPE cluster_master_size gauge
			cluster_master_size 2.0
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds summary
			http_server_requests_seconds_count{generation="1",method="GET",uri="/",worker="1"} 10
			http_server_requests_seconds_sum{generation="1",method="GET",uri="/",worker="1"} 0.5
			# HELP http_server_requests_seconds_max
			# TYPE http_server_requests_seconds_max gauge
			http_server_requests_seconds_max{generation="1",method="GET",uri="/",worker="1"} 0.1
			# HELP jvm_gc_pause_total A counter
			# TYPE jvm_gc_pause_total counter
			jvm_gc_pause_total{generation="1",worker="1"} 3.0
			""";

	private static final String WORKER_2 = """
			# HELP cluster_master_size The wanted number of workers
			# TYPE cluster_master_size gauge
			cluster_master_size 2.0
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds summary
			http_server_requests_seconds_count{generation="1",method="GET",uri="/",worker="2"} 7
			http_server_requests_seconds_sum{generation="1",method="GET",uri="/",worker="2"} 0.3
			# HELP only_on_two_bytes
			# TYPE only_on_two_bytes gauge
			only_on_two_bytes{generation="1",worker="2"} 42.0
			""";

	@Test
	void eachFamilyOnceWithTheSamplesOfEveryWorkerAndThePoolMetersOnce() {
		assertThat(PrometheusText.merge(WORKER_1, List.of(WORKER_2))).isEqualTo("""
				# HELP cluster_master_size The wanted number of workers
				# TYPE cluster_master_size gauge
				cluster_master_size 2.0
				# HELP http_server_requests_seconds
				# TYPE http_server_requests_seconds summary
				http_server_requests_seconds_count{generation="1",method="GET",uri="/",worker="1"} 10
				http_server_requests_seconds_sum{generation="1",method="GET",uri="/",worker="1"} 0.5
				http_server_requests_seconds_count{generation="1",method="GET",uri="/",worker="2"} 7
				http_server_requests_seconds_sum{generation="1",method="GET",uri="/",worker="2"} 0.3
				# HELP http_server_requests_seconds_max
				# TYPE http_server_requests_seconds_max gauge
				http_server_requests_seconds_max{generation="1",method="GET",uri="/",worker="1"} 0.1
				# HELP jvm_gc_pause_total A counter
				# TYPE jvm_gc_pause_total counter
				jvm_gc_pause_total{generation="1",worker="1"} 3.0
				# HELP only_on_two_bytes
				# TYPE only_on_two_bytes gauge
				only_on_two_bytes{generation="1",worker="2"} 42.0
				""");
	}

	@Test
	void aSampleWithoutMetadataIsAFamilyOfItsOwn() {
		assertThat(PrometheusText.parse("a_total 1\nb 2\n# EOF\n")).containsOnlyKeys("a_total", "b");
	}

	@Test
	void withoutOtherWorkersTheScrapeIsItsOwn() {
		assertThat(PrometheusText.merge(WORKER_1, List.of())).isEqualTo(WORKER_1);
	}

	@Test
	void includedNamesKeepTheirFamiliesOnlyACountersWithoutItsTotal() {
		assertThat(PrometheusText.only(WORKER_1, Set.of("jvm_gc_pause", "cluster_master_size")))
			.contains("cluster_master_size 2.0", "jvm_gc_pause_total{generation=\"1\",worker=\"1\"} 3.0")
			.doesNotContain("http_server_requests");
	}

}
