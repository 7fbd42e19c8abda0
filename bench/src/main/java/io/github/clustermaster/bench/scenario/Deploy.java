package io.github.clustermaster.bench.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.bench.measure.MasterLog.Spawn;
import io.github.clustermaster.bench.report.Report;
import io.github.clustermaster.bench.scenario.Load.Restart;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.plural;

/**
 * Step 3c: the deploy of a new release to four workers with max-surge 2 under constant
 * load, on a master whose first release booted with its archive: how long until every
 * worker answers with the new release, how each replacement booted, and when the new
 * release's training run ran against the rollout (a run during it competes with the
 * replacements' boots).
 *
 * @author cluster-master
 */
public final class Deploy {

	private Deploy() {
	}

	/** Run the step. */
	public static void run(BenchRun bench) throws Exception {
		Report report = bench.report();
		print("");
		print("3c. deploy of a new release to %d workers, max-surge 2, under constant load (%d clients, a new "
				+ "connection per request): the new release has no archive yet, so its workers boot plain; its "
				+ "training run against the rollout", Rollout.SIZE, Load.THREADS);
		Config config = Config.master("deploy, max-surge 2", Rollout.SIZE, List.of(),
				List.of("--cluster.master.restart.max-surge=2", bench.cacheArg("deploy")));
		try (Server server = bench.start(config, bench.current(), "deploy-new-release")) {
			server.awaitReady();
			print("  release 1: %s", server.awaitFastStart());
			Rollout.Deployment deployment = Rollout.deployUnderLoad(bench, server, "3");
			Instant signalled = deployment.signalled();
			Instant rolledOut = server.log().rollingRestartDone(2).orElse(deployment.done());
			long took = deployment.millis();
			Restart deploy = deployment.restart();
			List<String> modes = server.log().spawns().stream()
				.filter((spawn) -> spawn.generation() == 2)
				.map(Spawn::mode)
				.toList();
			// The new release's training run: the first run that ends after the signal
			Map.Entry<Instant, Double> training = null;
			try {
				training = server.await("build the new release's archive", Server.ARCHIVE_TIMEOUT, 500,
						() -> server.log().archivesBuilt().entrySet().stream()
							.filter((built) -> built.getKey().isAfter(signalled))
							.findFirst());
			}
			catch (IllegalStateException ex) {
				// not built in time: said below
			}
			print("  deploy of release 3 (mv over the deploy path, SIGHUP, until every worker answers /release with 3)");
			print("    %,7d ms   failed %,d of %,d sent%s   replacements booted %s", took, deploy.failed(),
					deploy.sent(), deploy.kinds(), String.join(" ", modes));
			report.put("deploy4_new_release_ms", took);
			report.put("deploy4_failed", deploy.failed());
			report.put("deploy4_boot_modes", String.join(" ", modes));
			report.target("deploy4_failed = 0", deploy.failed() == 0, Long.toString(deploy.failed()));
			if (training == null) {
				print("    its archive was not built within %d s", Server.ARCHIVE_TIMEOUT.toSeconds());
				return;
			}
			trainingAgainstRollout(report, training.getKey(), training.getValue(), signalled, rolledOut);
		}
	}

	private static void trainingAgainstRollout(Report report, Instant trainingEnd, double trainingSeconds,
			Instant signalled, Instant rolledOut) {
		Instant trainingStart = trainingEnd.minusMillis(Math.round(trainingSeconds * 1000));
		// The rollout as the master ran it: from the signal to its "done" line
		long overlap = Math.max(0, Duration.between(trainingStart.isAfter(signalled) ? trainingStart : signalled,
				trainingEnd.isBefore(rolledOut) ? trainingEnd : rolledOut)
			.toMillis());
		print("    its archive: training and check %,.0f ms, from %+,.0f ms to %+,.0f ms after the master's rollout "
				+ "was done; %,d ms of it during the rollout", trainingSeconds * 1000,
				(double) Duration.between(rolledOut, trainingStart).toMillis(),
				(double) Duration.between(rolledOut, trainingEnd).toMillis(), overlap);
		report.put("deploy4_training_ms", Math.round(trainingSeconds * 1000));
		report.put("deploy4_training_during_rollout_ms", overlap);
		report.put("deploy4_archive_after_rollout_ms", Duration.between(rolledOut, trainingEnd).toMillis());
		int cores = Runtime.getRuntime().availableProcessors();
		if (cores < 6) {
			report.target("deploy4_training_during_rollout_ms = 0 (on " + plural(cores, "core")
					+ " a training run slows the replacements' boots)", overlap == 0, overlap + " ms");
		}
	}

}
