package io.github.clustermaster.supervisor;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link WorkerProcess} that never runs: the test ends it by calling {@link #exit(int)}
 * and reads how often the supervisor sent SIGTERM or SIGKILL.
 *
 * @author cluster-master
 */
final class FakeProcess implements WorkerProcess {

	private final long pid;

	private final CompletableFuture<Integer> onExit = new CompletableFuture<>();

	private int terminations;

	private int kills;

	private int threadDumps;

	FakeProcess(long pid) {
		this.pid = pid;
	}

	@Override
	public long pid() {
		return this.pid;
	}

	@Override
	public CompletableFuture<Integer> onExit() {
		return this.onExit;
	}

	@Override
	public void terminate() {
		this.terminations++;
	}

	@Override
	public void kill() {
		this.kills++;
	}

	@Override
	public boolean dumpThreads() {
		this.threadDumps++;
		return true;
	}

	@Override
	public String commandLine() {
		return "java -jar app.jar";
	}

	/**
	 * Simulate the end of the process; the supervisor sees it on its next step.
	 * @param code the exit code
	 */
	void exit(int code) {
		this.onExit.complete(code);
	}

	boolean hasExited() {
		return this.onExit.isDone();
	}

	int terminations() {
		return this.terminations;
	}

	int kills() {
		return this.kills;
	}

	int threadDumps() {
		return this.threadDumps;
	}

}
