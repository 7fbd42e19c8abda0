package io.github.clustermaster.bench.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.clustermaster.bench.measure.Jcmd;
import io.github.clustermaster.bench.measure.Machine;
import io.github.clustermaster.bench.measure.MasterLog.Spawn;
import io.github.clustermaster.bench.report.Report;

import static io.github.clustermaster.bench.report.Report.print;
import static io.github.clustermaster.bench.report.Stats.median;
import static io.github.clustermaster.bench.report.Stats.round;

/**
 * Step 4: the memory of a master and its workers, and what the master's heap, metaspace
 * and native memory hold.
 *
 * @author cluster-master
 */
public final class Memory {

	private Memory() {
	}

	/**
	 * RSS of the master and its workers after the restarts of step 3, then what the master
	 * holds: heap before and after a full GC, metaspace, the classes it loaded by package.
	 */
	static void afterRestarts(BenchRun bench, Server server) {
		Report report = bench.report();
		Set<Long> alive = server.process.workerPids();
		List<Long> workers = server.log().spawns().stream().map(Spawn::pid).filter(alive::contains).distinct().toList();
		double master = Machine.rssMebibytes(server.pid());
		double worker = median(workers, Machine::rssMebibytes);
		double ratio = master / worker;
		print("");
		print("4. memory after the restarts above (VmRSS from /proc; master of %d workers, workers booted with "
				+ "their archive)", Rollout.SIZE);
		print("    master %,.0f MiB, workers %,.0f MiB each (median of %d)   ratio %.2f", master, worker, workers.size(),
				ratio);
		report.target("master_rss <= 0.5 x worker_rss", ratio <= 0.5,
				String.format(Locale.US, "%.2f (%,.0f / %,.0f MiB)", ratio, master, worker));
		report.put("master_rss_mb", Math.round(master));
		report.put("worker_rss_mb", Math.round(worker));
		report.put("rss_ratio", round(ratio, 2));
		Jcmd jcmd = new Jcmd(server.pid(), bench.logs());
		String metaspace = jcmd.run("VM.metaspace", "scale=KB");
		Jcmd.Heap before = Jcmd.Heap.of(jcmd.run("GC.heap_info"), metaspace);
		long[] classes = Jcmd.classes(metaspace);
		String loaded = (classes.length == 0) ? "unknown classes" : classes[1] + " classes"
				+ ((classes[2] >= 0) ? " (" + classes[2] + " from the JDK's CDS archive)" : "") + " in " + classes[0]
				+ " class loaders";
		Map<String, Integer> packages = jcmd.packages();
		jcmd.run("GC.class_histogram"); // a full GC: what is left is live
		Jcmd.Heap after = Jcmd.Heap.of(jcmd.run("GC.heap_info"), "");
		print("  the master's JVM (jcmd %d; the master loads no application bean, no web server)", server.pid());
		print("    heap: %,.0f MiB committed, %,.0f MiB used; after a full GC %,.0f MiB committed, %,.0f MiB live "
				+ "(RSS then %,.0f MiB)", before.committed(), before.used(), after.committed(), after.used(),
				Machine.rssMebibytes(server.pid()));
		print("    metaspace: %,.0f MiB used, %,.0f MiB committed; %s", before.metaspaceUsed(),
				before.metaspaceCommitted(), loaded);
		print("    classes by package (top 12): %s", packages.entrySet()
			.stream()
			.limit(12)
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", ")));
		report.put("master_heap_committed_mb", round(before.committed(), 0));
		report.put("master_heap_used_mb", round(before.used(), 0));
		report.put("master_heap_live_mb", round(after.used(), 0));
		report.put("master_metaspace_mb", round(before.metaspaceCommitted(), 0));
		report.put("master_classes", (classes.length == 0) ? null : classes[1]);
	}

	/**
	 * A master of its own (1 worker) with native memory tracking, which its workers do not
	 * get ({@code cluster.master.jvm-args} turns it off again): where its resident memory goes.
	 */
	public static void nativeMemory(BenchRun bench) throws Exception {
		Config config = Config.master("master with NMT", 1, List.of("-XX:NativeMemoryTracking=summary"),
				List.of("--cluster.master.fast-start=false", bench.cacheArg("nmt"),
						"--cluster.master.jvm-args=-XX:NativeMemoryTracking=off"));
		try (Server server = bench.start(config, bench.jar(), "nmt")) {
			server.awaitReady();
			Thread.sleep(Rollout.STEADY_MILLIS);
			String summary = new Jcmd(server.pid(), bench.logs()).run("VM.native_memory", "summary");
			Map<String, Double> committed = Jcmd.nativeMemory(summary);
			double total = Jcmd.nativeMemoryTotal(summary);
			print("  native memory of an idle master of 1 worker (-XX:NativeMemoryTracking=summary, RSS %,.0f MiB): "
					+ "%s MiB committed: %s", Machine.rssMebibytes(server.pid()),
					Double.isNaN(total) ? "?" : String.format(Locale.US, "%,.0f", total),
					committed.entrySet()
						.stream()
						.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
						.filter((entry) -> entry.getValue() >= 1)
						.map((entry) -> String.format(Locale.US, "%s %.0f", entry.getKey(), entry.getValue()))
						.collect(Collectors.joining(", ")));
			committed.forEach((name, mebibytes) -> bench.report()
				.put("master_nmt_" + name.toLowerCase(Locale.ROOT).replace(' ', '_') + "_mb", Math.round(mebibytes)));
		}
	}

}
