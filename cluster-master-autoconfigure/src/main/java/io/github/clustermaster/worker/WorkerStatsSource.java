package io.github.clustermaster.worker;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.clustermaster.supervisor.WorkerStats;
import io.github.clustermaster.worker.ServerThreads.Usage;

/**
 * Reads what a worker says of itself with each heartbeat: its requests (how many, how
 * they ended, how long they took over the latest window), its server's
 * threads, its heap, its resident memory and its garbage collections.
 *
 * @author cluster-master
 */
final class WorkerStatsSource {

	private static final Path STATUS = Path.of("/proc/self/status");

	private final RequestStats requests;

	private volatile ServerThreads threads = () -> null;

	WorkerStatsSource(RequestStats requests) {
		this.requests = requests;
	}

	void threads(ServerThreads threads) {
		this.threads = threads;
	}

	WorkerStats read() {
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		long gcMillis = 0;
		long gcCount = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			gcMillis += Math.max(0, collector.getCollectionTime());
			gcCount += Math.max(0, collector.getCollectionCount());
		}
		Usage usage = this.threads.usage();
		return new WorkerStats(this.requests.served(), this.requests.inFlight(),
				(usage != null) ? usage.busy() : null, (usage != null) ? usage.max() : null, heap.getUsed(),
				heap.getMax(), residentBytes(STATUS), gcMillis, gcCount, this.requests.outcomes(System.nanoTime()));
	}

	/**
	 * The resident memory ({@code VmRSS}) a {@code /proc/<pid>/status} file gives.
	 * @param status the file
	 * @return the bytes, or -1 where it cannot be read (not Linux)
	 */
	static long residentBytes(Path status) {
		try {
			return residentBytes(Files.readAllLines(status));
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	static long residentBytes(List<String> status) {
		for (String line : status) {
			if (line.startsWith("VmRSS:")) {
				String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
				return Long.parseLong(fields[0]) * 1024;
			}
		}
		return -1;
	}

}
