package io.github.clustermaster.bench.scenario;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Throughput}'s reading of how the workers shared the requests.
 *
 * @author cluster-master
 */
class ThroughputTests {

	@Test
	void theRequestsOfEachWorkerAreReadFromTheClusterEndpoint() {
		String cluster = """
				{"masterPid":10,"size":2,"workers":[
				  {"id":1,"slot":0,"pid":11,"state":"READY","stats":{"requests":1200,"inFlight":1}},
				  {"id":3,"slot":1,"pid":13,"state":"READY","stats":{"requests":900,"inFlight":0}},
				  {"id":4,"slot":2,"pid":14,"state":"STARTING","stats":null}]}
				""";
		assertThat(Throughput.requestsByWorker(cluster)).containsExactly(Map.entry(1, 1200L), Map.entry(3, 900L));
	}

	@Test
	void unevennessIsTheBusiestWorkersShareOverTheLeastBusyOnes() {
		assertThat(Throughput.unevenness(Map.of(1, 100L, 2, 100L), Map.of(1, 400L, 2, 300L))).isEqualTo(1.5);
		assertThat(Throughput.unevenness(Map.of(1, 100L, 2, 100L), Map.of(1, 400L, 3, 300L))).isNaN();
		assertThat(Throughput.unevenness(Map.of(1, 100L, 2, 100L), Map.of(1, 400L, 2, 100L))).isNaN();
	}

}
