package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Facts about operating-system processes that {@link ProcessHandle} does not give
 * reliably.
 *
 * @author cluster-master
 */
final class Processes {

	private Processes() {
	}

	/**
	 * Whether the process is running. Unlike {@link ProcessHandle#isAlive()} a zombie
	 * counts as gone: in a container whose init never reaps, a killed orphan stays a
	 * zombie forever although it holds no socket, memory or CPU any more.
	 * @param process the process
	 * @return whether it is alive and not a zombie
	 */
	static boolean isRunning(ProcessHandle process) {
		return process.isAlive() && !isZombie(process.pid());
	}

	/**
	 * Whether the process runs a {@code java} executable.
	 * @param process the process
	 * @return whether its command is {@code java}
	 */
	static boolean isJava(ProcessHandle process) {
		return process.info()
			.command()
			.map((command) -> Path.of(command).getFileName().toString())
			.map((name) -> name.equals("java") || name.equals("java.exe"))
			.orElse(false);
	}

	/**
	 * The start instant of the process, which tells it apart from a later process that
	 * reuses its pid.
	 * @param process the process
	 * @return its start instant, if the system reports one
	 */
	static Optional<Instant> startOf(ProcessHandle process) {
		return process.info().startInstant();
	}

	private static boolean isZombie(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		try {
			String content = Files.readString(stat, StandardCharsets.ISO_8859_1);
			// "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'
			int end = content.lastIndexOf(')');
			return end >= 0 && end + 2 < content.length() && content.charAt(end + 2) == 'Z';
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
