package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Sends POSIX signals with the {@code kill} command, which {@link ProcessHandle} cannot
 * do for anything but TERM and KILL.
 *
 * @author cluster-master
 */
final class Signals {

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9+-]*");

	private static final long KILL_COMMAND_TIMEOUT_SECONDS = 10;

	/** Linux's numbers of the signals a test sends to drive a master. */
	private static final Map<String, Integer> NUMBERS = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "USR1", 10, "USR2", 12,
			"TERM", 15, "TTIN", 21, "TTOU", 22, "WINCH", 28);

	private Signals() {
	}

	/**
	 * Send a signal and fail if {@code kill} does not succeed.
	 * @param pid the process to signal
	 * @param name the signal name, with or without {@code SIG}, for example {@code TERM}
	 */
	static void send(long pid, String name) {
		run(List.of(Long.toString(pid)), name, true);
	}

	/**
	 * Whether a process ignores a signal: it was started with the signal ignored (as
	 * {@code nohup} leaves SIGHUP, and a JVM keeps it so), and sending it does nothing.
	 * @param pid the process
	 * @param name the signal name
	 * @return whether its disposition is to ignore it; {@code false} when that cannot be
	 * read (not Linux, the process is gone, a signal this does not know)
	 */
	static boolean ignores(long pid, String name) {
		Integer number = NUMBERS.get(normalize(name));
		if (number == null) {
			return false;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("SigIgn:")) {
					long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
					return ((mask >>> (number - 1)) & 1) != 0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or the process is gone: nothing to tell
		}
		return false;
	}

	/**
	 * Send a signal to processes that may already be gone, ignoring failures.
	 * @param pids the processes to signal
	 * @param name the signal name
	 */
	static void trySend(Collection<Long> pids, String name) {
		if (!pids.isEmpty()) {
			run(pids.stream().map(String::valueOf).toList(), name, false);
		}
	}

	/**
	 * Return the canonical form of a signal name.
	 * @param name a name such as {@code term}, {@code TERM} or {@code SIGTERM}
	 * @return the name without {@code SIG}, upper case
	 */
	static String normalize(String name) {
		String upper = name.trim().toUpperCase(Locale.ROOT);
		String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
		if (!NAME.matcher(bare).matches()) {
			throw new IllegalArgumentException("Expected a signal name such as TERM, HUP or SIGUSR2 but got '" + name + "'");
		}
		return bare;
	}

	private static void run(Collection<String> pids, String name, boolean strict) {
		List<String> command = new ArrayList<>();
		command.add("kill");
		command.add("-" + normalize(name));
		command.addAll(pids);
		Process kill = null;
		try {
			kill = new ProcessBuilder(command).redirectErrorStream(true).start();
			kill.getOutputStream().close();
			boolean exited = kill.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			String output = exited ? readAll(kill.getInputStream()) : "";
			if (strict && (!exited || kill.exitValue() != 0)) {
				throw new IllegalStateException("'" + String.join(" ", command) + "' "
						+ (exited ? "exited with " + kill.exitValue() : "did not finish") + ": " + output.trim());
			}
		}
		catch (IOException ex) {
			if (strict) {
				throw new IllegalStateException("Could not run '" + String.join(" ", command) + "'", ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (strict) {
				throw new IllegalStateException("Interrupted while running '" + String.join(" ", command) + "'", ex);
			}
		}
		finally {
			if (kill != null && kill.isAlive()) {
				kill.destroyForcibly();
			}
		}
	}

	private static String readAll(InputStream input) throws IOException {
		try (input) {
			return new String(input.readNBytes(64 * 1024), StandardCharsets.UTF_8);
		}
	}

}
