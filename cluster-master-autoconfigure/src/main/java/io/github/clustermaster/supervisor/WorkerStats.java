package io.github.clustermaster.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * What a worker says of itself with each heartbeat (once a second): the load its server
 * carries and the memory its JVM uses. The master keeps the latest, shows it
 * ({@code GET /actuator/cluster}, the REPL's {@code workers}) and recycles a worker past
 * a limit by it.
 *
 * @param requests the HTTP requests it has served since it started (counted when they end)
 * @param inFlight the requests it is serving now
 * @param busyThreads the server's request threads that are busy, or {@code null} where
 * the server has no such pool (Reactor Netty, virtual threads)
 * @param maxThreads the most request threads the server may run, or {@code null} where
 * the server has no such pool
 * @param heapUsedBytes the heap in use
 * @param heapMaxBytes the most heap the JVM may use, or -1 when it has no limit
 * @param rssBytes the process's resident memory ({@code VmRSS} of {@code /proc/self/status}),
 * or -1 where it cannot be read
 * @param gcPauseMillis the time its garbage collectors took since it started (their
 * collection time, most of it pauses)
 * @param gcCount how many collections they ran
 * @param outcomes how its requests ended and how long they took, or {@code null} from a
 * worker that does not say
 * @author cluster-master
 */
public record WorkerStats(long requests, int inFlight, @Nullable Integer busyThreads, @Nullable Integer maxThreads,
		long heapUsedBytes, long heapMaxBytes, long rssBytes, long gcPauseMillis, long gcCount,
		@Nullable RequestOutcomes outcomes) {

	/**
	 * Stats without the requests' outcomes.
	 * @param requests the HTTP requests it has served since it started
	 * @param inFlight the requests it is serving now
	 * @param busyThreads the server's busy request threads, or {@code null}
	 * @param maxThreads the most request threads, or {@code null}
	 * @param heapUsedBytes the heap in use
	 * @param heapMaxBytes the most heap, or -1
	 * @param rssBytes the resident memory, or -1
	 * @param gcPauseMillis the time its garbage collectors took
	 * @param gcCount how many collections they ran
	 */
	public WorkerStats(long requests, int inFlight, @Nullable Integer busyThreads, @Nullable Integer maxThreads,
			long heapUsedBytes, long heapMaxBytes, long rssBytes, long gcPauseMillis, long gcCount) {
		this(requests, inFlight, busyThreads, maxThreads, heapUsedBytes, heapMaxBytes, rssBytes, gcPauseMillis, gcCount,
				null);
	}

}
