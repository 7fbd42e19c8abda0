package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.Set;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM with {@code cluster.master.quit-delay}: the workers' readiness refuses traffic at
 * once while they keep serving for the delay, as a load balancer needs to stop sending first;
 * then the master and every worker end, the master with code 0 and its pid file removed.
 */
class QuitDelayIT {

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void sigtermRefusesReadinessDuringTheQuitDelayServesMeanwhileThenEndsEveryProcessWithZero() {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(SampleJar.master()
			.name("quit-delay-it")
			.args("--server.port=" + port, "--cluster.master.size=1", "--cluster.master.repl=false",
					"--cluster.master.quit-delay=6s", "--management.endpoint.health.probes.enabled=true"));
		Set<Long> workers = Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		assertThat(Http.get(port, "/actuator/health/readiness").status()).isEqualTo(200);
		long term = System.nanoTime();
		cluster.signal("TERM");
		await().atMost(Duration.ofSeconds(3))
			.until(() -> Http.get(port, "/actuator/health/readiness").status() == 503);
		HttpResult served = Http.get(port, "/");
		assertThat(served.status()).as(served.describe()).isEqualTo(200);
		assertThat(System.nanoTime() - term).as("still within the quit delay")
			.isLessThan(Duration.ofSeconds(6).toNanos());
		assertThat(cluster.awaitExit(Duration.ofSeconds(90))).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - term)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
		assertThat(cluster.output()).anyMatch((line) -> line.contains("readiness is now REFUSING_TRAFFIC"));
		assertThat(workers).noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(cluster.survivingDescendants()).isEmpty();
		assertThat(cluster.workingDirectory().resolve("cluster-master.pid")).doesNotExist();
	}

}
