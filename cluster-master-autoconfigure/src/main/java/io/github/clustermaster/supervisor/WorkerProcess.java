package io.github.clustermaster.supervisor;

import java.util.concurrent.CompletableFuture;

/**
 * A running worker process, as far as the supervisor needs to touch it.
 *
 * @author cluster-master
 */
public interface WorkerProcess {

	/**
	 * The process id.
	 * @return the pid
	 */
	long pid();

	/**
	 * A future completed with the exit code when the process ends.
	 * @return the exit future
	 */
	CompletableFuture<Integer> onExit();

	/** Ask the operating system to terminate the process (SIGTERM). */
	void terminate();

	/** Kill the process (SIGKILL). */
	void kill();

	/**
	 * Ask the process for a thread dump: SIGCONT (a stopped process cannot answer), then
	 * SIGQUIT, on which a JVM prints every thread's stack to its standard output and runs
	 * on.
	 * @return whether the signals were sent
	 */
	default boolean dumpThreads() {
		return false;
	}

	/**
	 * The command line, for error messages.
	 * @return the command line
	 */
	String commandLine();

	/**
	 * What the master's start line says about how the worker boots, e.g.
	 * {@code ", release 1a2b3c4d5e6f, boots with CDS"}.
	 * @return the note, empty when there is nothing to say
	 */
	default String launchNote() {
		return "";
	}

	/**
	 * Called on the supervisor thread once the worker reported that it is ready, e.g. to
	 * start work that must not slow its boot down. Must not block.
	 */
	default void ready() {
	}

}
