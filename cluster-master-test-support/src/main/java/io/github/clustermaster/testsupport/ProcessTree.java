package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

/**
 * Every process ever seen below one root process, remembered by pid and start instant so
 * that it can still be killed after its parent died and it was re-parented, and never
 * mistaken for a later process that reuses the pid.
 * <p>
 * The root's environment carries a unique mark that children inherit; on Linux the
 * {@code /proc} file system is swept for it too, which finds a child forked and orphaned
 * between two samples.
 *
 * @author cluster-master
 */
final class ProcessTree {

	/** The environment variable that marks every process of one tree. */
	static final String MARK_VARIABLE = "CLUSTER_MASTER_IT_MARK";

	private static final Path PROC = Path.of("/proc");

	private static final int FREEZE_ROUNDS = 10;

	private static final int KILL_ROUNDS = 3;

	private final ProcessHandle root;

	private final String mark;

	private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

	ProcessTree(ProcessHandle root, String mark) {
		this.root = root;
		this.mark = mark;
	}

	/**
	 * Remember the current descendants of the root. Never throws, so that it can run as a
	 * periodic task.
	 */
	void sample() {
		try {
			this.root.descendants().forEach(this::remember);
		}
		catch (RuntimeException ex) {
			// A process vanished while we looked: the next sample sees the rest.
		}
	}

	boolean contains(long pid) {
		return this.seen.containsKey(pid);
	}

	/**
	 * Return the processes below the root, ever seen or carrying the mark, that are still
	 * running.
	 * @return the surviving processes, by pid
	 */
	Set<Long> survivors() {
		Set<Long> pids = new TreeSet<>();
		running().forEach((process) -> pids.add(process.pid()));
		return pids;
	}

	/**
	 * Kill the root and every survivor with SIGKILL and wait until they are gone. The tree
	 * is first frozen with SIGSTOP so that it cannot fork while it is being collected.
	 * @param rootProcess the root, as started
	 * @param timeout how long to wait for everything to be gone
	 * @throws IllegalStateException if a process is still running after the timeout
	 */
	void destroy(Process rootProcess, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		freeze(rootProcess);
		rootProcess.destroyForcibly();
		for (int round = 0; round < KILL_ROUNDS; round++) {
			List<ProcessHandle> targets = running();
			targets.forEach(ProcessHandle::destroyForcibly);
			Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
			try {
				Waiting.upTo(left, Duration.ofMillis(20))
					.until(() -> !rootProcess.isAlive() && targets.stream().noneMatch(Processes::isRunning));
			}
			catch (ConditionTimeoutException ex) {
				// Kill again whatever is left, then report it.
			}
			if (!rootProcess.isAlive() && running().isEmpty()) {
				return;
			}
		}
		List<Long> left = new ArrayList<>(survivors());
		if (rootProcess.isAlive()) {
			left.add(0, rootProcess.pid());
		}
		if (!left.isEmpty()) {
			throw new IllegalStateException("Processes " + left + " of the tree of pid " + this.root.pid()
					+ " are still running " + timeout + " after SIGKILL");
		}
	}

	private void freeze(Process rootProcess) {
		if (!rootProcess.isAlive()) {
			return;
		}
		Signals.trySend(List.of(this.root.pid()), "STOP");
		Set<Long> stopped = new HashSet<>();
		for (int round = 0; round < FREEZE_ROUNDS; round++) {
			sample();
			List<Long> fresh = running().stream().map(ProcessHandle::pid).filter((pid) -> !stopped.contains(pid)).toList();
			if (fresh.isEmpty()) {
				return;
			}
			Signals.trySend(fresh, "STOP");
			stopped.addAll(fresh);
		}
	}

	private List<ProcessHandle> running() {
		marked().forEach(this::remember);
		return this.seen.values().stream().map(Seen::ifStillRunning).flatMap(Optional::stream).toList();
	}

	private void remember(ProcessHandle process) {
		if (process.pid() != this.root.pid() && process.pid() != ProcessHandle.current().pid()) {
			this.seen.computeIfAbsent(process.pid(), (pid) -> new Seen(process, Processes.startOf(process)));
		}
	}

	private Stream<ProcessHandle> marked() {
		if (!Files.isDirectory(PROC)) {
			return Stream.empty();
		}
		byte[] token = (MARK_VARIABLE + "=" + this.mark).getBytes(StandardCharsets.ISO_8859_1);
		List<ProcessHandle> found = new ArrayList<>();
		try (Stream<Path> entries = Files.list(PROC)) {
			entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.filter((name) -> environmentContains(name, token))
				.forEach((name) -> ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add));
		}
		catch (IOException | RuntimeException ex) {
			// /proc is not what we expect: rely on the samples alone.
		}
		return found.stream();
	}

	private static boolean environmentContains(String pid, byte[] token) {
		try {
			byte[] environment = Files.readAllBytes(PROC.resolve(pid).resolve("environ"));
			return indexOf(environment, token) >= 0;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static int indexOf(byte[] data, byte[] token) {
		outer: for (int i = 0; i <= data.length - token.length; i++) {
			if (i > 0 && data[i - 1] != 0) {
				continue;
			}
			for (int j = 0; j < token.length; j++) {
				if (data[i + j] != token[j]) {
					continue outer;
				}
			}
			if (i + token.length == data.length || data[i + token.length] == 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * A process as first seen.
	 *
	 * @param handle its handle
	 * @param start its start instant, if known, which tells it apart from a reused pid
	 */
	private record Seen(ProcessHandle handle, Optional<Instant> start) {

		Optional<ProcessHandle> ifStillRunning() {
			if (!Processes.isRunning(this.handle)) {
				return Optional.empty();
			}
			Optional<Instant> now = ProcessHandle.of(this.handle.pid()).flatMap(Processes::startOf);
			boolean reused = this.start.isPresent() && now.isPresent() && !this.start.equals(now);
			return reused ? Optional.empty() : Optional.of(this.handle);
		}

	}

}
