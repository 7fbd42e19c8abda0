package io.github.clustermaster.bench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.bench.scenario.Load.Restart;
import io.github.clustermaster.testsupport.LoadClient;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.last;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.plural;
import static io.github.clustermaster.bench.report.Stats.round;
import static io.github.clustermaster.bench.report.Stats.sum;

/**
 * Step 3: rolling restarts of four workers under constant load with {@code max-surge} 1
 * and 4, workers booting with their archive, then the deploy of a second release (a new
 * jar moved over the deploy path, SIGHUP): time and failed requests, counted by a client
 * that sees every refusal and reset; and step 4 on the master of max-surge 4.
 *
 * @author cluster-master
 */
public final class Rollout {

	/** The workers of the rollout steps. */
	static final int SIZE = 4;

	/** Load before and after each restart. */
	static final long STEADY_MILLIS = 2_000;

	private Rollout() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		print("");
		print("3. rolling restart of %d workers under constant load (%d clients, a new connection per request, "
				+ "%d ms pause after each; failures counted by our own client), %s per max-surge, workers booting "
				+ "with their archive; then a deploy", SIZE, Load.THREADS, Load.PAUSE_MILLIS,
				plural(bench.options().restarts(), "restart"));
		// The cache of the fast spawn master (one master after the other): the archive is built.
		List<Restart> surge1;
		try (Server server = bench.start(surge(bench, 1), bench.current(), "rollout-surge1")) {
			server.awaitReady();
			print("  max-surge 1: %s", server.awaitFastStart());
			surge1 = restartsUnderLoad(bench, server);
		}
		try (Server server = bench.start(surge(bench, 4), bench.current(), "rollout-surge4")) {
			server.awaitReady();
			print("  max-surge 4: %s", server.awaitFastStart());
			List<Restart> surge4 = restartsUnderLoad(bench, server);
			printRestarts(bench, surge1, surge4);
			Memory.afterRestarts(bench, server);
			deploy(bench, server);
		}
	}

	private static Config surge(BenchRun bench, int surge) {
		return Config.master("max-surge " + surge, SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=" + surge, bench.cacheArg("rollout")));
	}

	private static List<Restart> restartsUnderLoad(BenchRun bench, Server server) throws Exception {
		List<Restart> restarts = new ArrayList<>();
		for (int i = 1; i <= bench.options().restarts(); i++) {
			double took;
			List<LoadClient.Request> requests;
			try (Load load = Load.start(server.port)) {
				Thread.sleep(STEADY_MILLIS);
				server.signal("HUP");
				took = server.awaitRollingRestart();
				Thread.sleep(STEADY_MILLIS);
				requests = load.stop();
			}
			restarts.add(Restart.of(requests, took));
			print("    restart %d/%d  %-12s %s", i, bench.options().restarts(), server.config.label(), last(restarts));
		}
		return restarts;
	}

	private static void printRestarts(BenchRun bench, List<Restart> surge1, List<Restart> surge4) {
		Report report = bench.report();
		double one = median(surge1, Restart::tookSeconds) * 1000;
		double four = median(surge4, Restart::tookSeconds) * 1000;
		long failed = sum(surge1, Restart::failed) + sum(surge4, Restart::failed);
		double ratio = four / one;
		int cores = Runtime.getRuntime().availableProcessors();
		print("  rolling restart of %d workers (medians, SIGHUP to the master's 'done' line)", SIZE);
		print("    max-surge 1  %,7.0f ms   failed %,d of %,d sent", one, sum(surge1, Restart::failed),
				sum(surge1, Restart::sent));
		print("    max-surge 4  %,7.0f ms   failed %,d of %,d sent   ratio %.2f", four, sum(surge4, Restart::failed),
				sum(surge4, Restart::sent), ratio);
		// Max-surge 1: one boot, its probation (min-restart-age, 2 s), three more boots one after
		// the other. Max-surge 4: the first boot and its probation, then three boots at once,
		// which take about one boot when each has a core of its own.
		Long fast = report.whole("spawn_fast_ms");
		double boot = (fast != null) ? fast : 1400;
		double probation = 2000;
		print("    with a free core per booting JVM max-surge 4 would be about (2 boots + probation) / (4 boots + "
				+ "probation) = %.2f x max-surge 1 (a boot of %,.0f ms as in step 1); here %d concurrent boots share %s",
				(2 * boot + probation) / (4 * boot + probation), boot, SIZE - 1, plural(cores, "core"));
		report.target("restart4_surge4 <= 0.75 x restart4_surge1 (on " + plural(cores, "core") + ")", ratio <= 0.75,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f ms)", ratio, four, one));
		report.target("restart_failed = 0", failed == 0, Long.toString(failed));
		report.put("restart4_surge1_ms", Math.round(one));
		report.put("restart4_surge4_ms", Math.round(four));
		report.put("restart_ratio", round(ratio, 2));
		report.put("restart_failed", failed);
		report.put("restart_sent", sum(surge1, Restart::sent) + sum(surge4, Restart::sent));
		report.put("restarts_per_surge", bench.options().restarts());
	}

	/** Deploy release 2 to the master of max-surge 4. */
	private static void deploy(BenchRun bench, Server server) throws Exception {
		Report report = bench.report();
		Deployment deployment = deployUnderLoad(bench, server, "2");
		Restart deploy = deployment.restart();
		print("  deploy of release 2 (mv over the deploy path, SIGHUP, until every worker answers /release with 2; "
				+ "max-surge 4, its workers boot plain: a new release has no archive yet)");
		print("    %,7d ms (the master's rolling restart: %,.0f ms)   failed %,d of %,d sent%s", deployment.millis(),
				deployment.masterSeconds() * 1000, deploy.failed(), deploy.sent(), deploy.kinds());
		report.target("deploy_failed = 0", deploy.failed() == 0, Long.toString(deploy.failed()));
		report.put("deploy_ms", deployment.millis());
		report.put("deploy_failed", deploy.failed());
		report.put("deploy_sent", deploy.sent());
	}

	/**
	 * Deploy another release under load: a copy of the jar with {@code sample.release}, moved
	 * over the deploy path, then SIGHUP; done when every worker answers {@code /release} with it.
	 */
	static Deployment deployUnderLoad(BenchRun bench, Server server, String release) throws Exception {
		Path next = bench.release(".app.jar." + release, release);
		try (Load load = Load.start(server.port)) {
			Thread.sleep(STEADY_MILLIS);
			Files.move(next, bench.current(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			Instant signalled = Instant.now();
			server.signal("HUP");
			double masterSeconds = server.awaitRollingRestart();
			server.awaitRelease(release);
			Instant done = Instant.now();
			Thread.sleep(STEADY_MILLIS);
			return new Deployment(signalled, done, masterSeconds, load.stop());
		}
	}

	/**
	 * A deploy under load: from the signal until every worker answered with the new release,
	 * the master's own seconds of its rolling restart, and every request meanwhile.
	 */
	record Deployment(Instant signalled, Instant done, double masterSeconds, List<LoadClient.Request> requests) {

		long millis() {
			return Duration.between(this.signalled, this.done).toMillis();
		}

		Restart restart() {
			return Restart.of(this.requests, millis() / 1000.0);
		}

	}

}
