package io.github.clustermaster.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.clustermaster.sample.support.ClusterView;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterEvent;
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
 * Autoscaling on real JVMs under bursty load: batches of slow requests with short gaps
 * between them (a heartbeat in a gap sees the request threads free, which used to start
 * the window over) fill the shared accept queue (the {@code cluster.master.accept.queue}
 * gauge rises) and keep the request threads busy; the pool grows from
 * {@code autoscale.min} to {@code max}, each step within {@code window} + {@code cooldown}
 * of the last worker's being ready, and shrinks back to {@code min} once idle, with no
 * failed request. Prints a {@code fault-suite:} line.
 *
 * @author cluster-master
 */
class AutoscaleIT {

	/** Few connections and threads per worker, so that a batch waits in the accept queue. */
	static final int PER_WORKER = 4;

	/** A batch: as many requests as 2 workers serve in 3 rounds, so that 2 workers are busy all the batch. */
	static final int BATCH = 24;

	static final Duration SLOW = Duration.ofMillis(1500);

	/** Longer than a heartbeat and a sample: the master sees each gap. */
	static final Duration GAP = Duration.ofSeconds(2);

	static final Duration WINDOW = Duration.ofSeconds(5);

	static final Duration COOLDOWN = Duration.ofSeconds(5);

	/**
	 * The sampling's lag: once a second, from heartbeats up to a second old, the first once
	 * the new worker's readiness has been handled.
	 */
	static final Duration SAMPLING = Duration.ofSeconds(2);

	/** The workers' boot timeout here. */
	static final Duration BOOT = Duration.ofMinutes(4);

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void burstsOfSlowRequestsGrowThePoolToMaxStepByStepAndAnIdlePoolShrinksBackToMin() throws Exception {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(SampleJar.master()
			.name("autoscale-it")
			.args("--server.port=" + port, "--cluster.master.repl=false", "--cluster.master.size=1",
					"--cluster.master.autoscale.min=1", "--cluster.master.autoscale.max=3",
					"--cluster.master.autoscale.window=" + WINDOW.toSeconds() + "s",
					"--cluster.master.autoscale.idle-window=5s",
					"--cluster.master.autoscale.cooldown=" + COOLDOWN.toSeconds() + "s",
					// Three boots at once with the other suites of a 2-core machine may take long
					"--cluster.master.boot-timeout=" + BOOT.toSeconds() + "s",
					"--server.tomcat.max-connections=" + PER_WORKER, "--server.tomcat.threads.max=" + PER_WORKER));
		Http.awaitDistinctPids(port, 1, BOOT);
		assertThat(ClusterView.get(port).get("size").asInt()).isOne();
		int from = cluster.eventCount();
		List<Duration> steps = new ArrayList<>();
		Bursts bursts = new Bursts(port);
		try {
			Instant loadStarted = Instant.now();
			// The gauge rises: the pool's meters come from the master's reading of the queue.
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				HttpResult scrape = Http.get(port, "/actuator/prometheus");
				return scrape.status() == 200 && scrape.body()
					.lines()
					.anyMatch((line) -> line.startsWith("cluster_master_accept_queue ")
							&& Double.parseDouble(line.substring(line.indexOf(' ') + 1)) > 0);
			});
			Instant readySince = loadStarted;
			for (int size = 1; size < 3; size++) {
				int grown = size + 1;
				ClusterEvent grew = cluster.awaitEvent("pool-autoscaled", (event) -> event.number("to") == grown
						&& event.text("reason").matches("under pressure for \\d+% of the last 5.0 s, now .*"), from, BOOT);
				steps.add(Duration.between(readySince, grew.time()));
				readySince = cluster.awaitEvent("worker-ready", (event) -> event.isWorker(grown), from, BOOT).time();
			}
			cluster.awaitWorkers(3, BOOT);
		}
		finally {
			bursts.stop();
		}
		long idle = System.nanoTime();
		for (int size = 3; size > 1; size--) {
			int to = size - 1;
			cluster.awaitEvent("pool-autoscaled", (event) -> event.number("to") == to
					&& event.text("reason").startsWith("the workers were idle for 5.0 s"), from, ClusterIT.BOOT);
		}
		await().atMost(ClusterIT.BOOT).until(() -> cluster.workerPids().size() == 1);
		long shrunk = (System.nanoTime() - idle) / 1_000_000;
		System.out.println("fault-suite: autoscaling under bursty load (min 1, max 3, window 5 s, cooldown 5 s, "
				+ "idle-window 5 s, Tomcat with 4 threads per worker; batches of " + BATCH + " requests of "
				+ SLOW.toMillis() + " ms, " + GAP.toMillis() + " ms apart): grew 1 -> 2 " + steps.get(0).toMillis()
				+ " ms after the load began, 2 -> 3 " + steps.get(1).toMillis() + " ms after worker 2 was ready; "
				+ "idle it shrank back to 1 in " + shrunk + " ms; " + bursts.failed.get() + " failed of "
				+ bursts.sent.get());
		assertThat(bursts.failed.get()).as(bursts.failures.toString()).isZero();
		assertThat(steps).allSatisfy((step) -> assertThat(step).isLessThanOrEqualTo(WINDOW.plus(COOLDOWN).plus(SAMPLING)));
		// The endpoint answers the status the master pushed, up to about a second old.
		await().atMost(Duration.ofSeconds(10)).until(() -> ClusterView.get(port).get("size").asInt() == 1);
		HttpResult refused = Http.post(port, "/actuator/cluster/resize", "{\"size\": 4}");
		assertThat(refused.status()).as(refused.describe()).isEqualTo(409);
		assertThat(refused.body()).contains("4 workers is outside the autoscaling bounds, "
				+ "cluster.master.autoscale.min=1 to max=3");
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
	}

	/**
	 * Batches of {@link #BATCH} slow requests at once, each on a new connection, the next
	 * batch {@link #GAP} after the last answer of the previous one; at most 8 minutes.
	 */
	static final class Bursts {

		final AtomicLong sent = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final List<String> failures = new ArrayList<>();

		private final ExecutorService clients = Executors.newFixedThreadPool(BATCH);

		private final Thread batches;

		private volatile boolean stopped;

		Bursts(int port) {
			this.batches = new Thread(() -> run(port), "autoscale-bursts");
			this.batches.setDaemon(true);
			this.batches.start();
		}

		private void run(int port) {
			long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
			try {
				while (!this.stopped && System.nanoTime() - deadline < 0) {
					List<Future<HttpResult>> batch = new ArrayList<>();
					for (int i = 0; i < BATCH; i++) {
						batch.add(this.clients.submit(() -> Http.get(port, "/slow?ms=" + SLOW.toMillis())));
					}
					for (Future<HttpResult> answer : batch) {
						HttpResult result = answer.get();
						this.sent.incrementAndGet();
						if (!result.isOk()) {
							this.failed.incrementAndGet();
							synchronized (this.failures) {
								this.failures.add(result.describe());
							}
						}
					}
					Thread.sleep(GAP.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				this.failed.incrementAndGet();
				synchronized (this.failures) {
					this.failures.add(ex.toString());
				}
			}
		}

		void stop() throws InterruptedException {
			this.stopped = true;
			this.batches.join(Duration.ofSeconds(60).toMillis());
			this.clients.shutdownNow();
			this.clients.awaitTermination(10, TimeUnit.SECONDS);
		}

	}

}
