package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.LoadClient;
import io.github.clustermaster.testsupport.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Autoscaling on real JVMs: a burst of slow requests fills the shared accept queue (the
 * {@code cluster.master.accept.queue} gauge rises), the pool grows from
 * {@code autoscale.min} to {@code max}, and shrinks back once idle, with no failed
 * request. Prints a {@code fault-suite:} line.
 *
 * @author cluster-master
 */
class AutoscaleIT {

	/** Few connections and threads per worker, so that a burst waits in the accept queue. */
	static final int PER_WORKER = 2;

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void aFullAcceptQueueGrowsThePoolToMaxAndAnIdlePoolShrinksBackToMin() {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("autoscale-it")
			.args("--server.port=" + port, "--cluster.master.repl=false", "--cluster.master.size=1", "--cluster.master.autoscale.min=1",
					"--cluster.master.autoscale.max=2", "--cluster.master.autoscale.window=2s",
					"--cluster.master.autoscale.idle-window=5s", "--cluster.master.autoscale.cooldown=2s",
					"--server.tomcat.max-connections=" + PER_WORKER, "--server.tomcat.threads.max=" + PER_WORKER));
		Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		assertThat(ClusterView.get(port).get("size").asInt()).isOne();
		int from = cluster.outputLineCount();
		LoadSummary summary;
		long grown;
		try (LoadClient load = LoadClient.builder(port).threads(1).slow(8, "/slow?ms=400")
			.maxDuration(Duration.ofMinutes(3)).start()) {
			long started = System.nanoTime();
			// The gauge rises: the pool's meters come from the master's reading of the queue.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				HttpResult scrape = Http.get(port, "/actuator/prometheus");
				return scrape.status() == 200 && scrape.body()
					.lines()
					.anyMatch((line) -> line.startsWith("cluster_master_accept_queue ")
							&& Double.parseDouble(line.substring(line.indexOf(' ') + 1)) > 0);
			});
			cluster.awaitOutput(Pattern.compile("Autoscaling from 1 to 2 workers: connections waited in the shared "
					+ "accept queue for 2.0 s \\(\\d+ now\\)"), from, Duration.ofSeconds(60));
			cluster.awaitWorkers(2, ClusterIT.BOOT);
			await().atMost(ClusterIT.BOOT).until(() -> cluster.output()
				.subList(from, cluster.outputLineCount())
				.stream()
				.anyMatch((line) -> line.matches(".*Worker 2 \\(pid \\d+\\) is ready.*")));
			grown = (System.nanoTime() - started) / 1_000_000;
			summary = load.stop();
		}
		long idle = System.nanoTime();
		cluster.awaitOutput(Pattern.compile("Autoscaling from 2 to 1 worker: the workers were idle for 5.0 s"), from,
				Duration.ofSeconds(60));
		await().atMost(ClusterIT.BOOT).until(() -> cluster.workerPids().size() == 1);
		long shrunk = (System.nanoTime() - idle) / 1_000_000;
		System.out.println("fault-suite: autoscaling (min 1, max 2, window 2 s, idle-window 5 s): a burst of 8 slow "
				+ "clients grew the pool to 2 ready workers in " + grown + " ms, idle it shrank back to 1 in " + shrunk
				+ " ms; " + summary.failed() + " failed of " + summary.sent());
		assertThat(summary.failed()).as(summary.failures().toString()).isZero();
		assertThat(ClusterView.get(port).get("size").asInt()).isOne();
		HttpResult refused = Http.post(port, "/actuator/cluster/resize", "{\"size\": 3}");
		assertThat(refused.status()).as(refused.describe()).isEqualTo(409);
		assertThat(refused.body()).contains("3 workers is outside the autoscaling bounds, "
				+ "cluster.master.autoscale.min=1 to max=2");
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
	}

}
