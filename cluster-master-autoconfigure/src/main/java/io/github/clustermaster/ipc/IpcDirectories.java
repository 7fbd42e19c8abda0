package io.github.clustermaster.ipc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.FileSystemUtils;

/**
 * The masters' private IPC directories under {@code java.io.tmpdir}. Each names its master
 * (pid, start time and pid namespace, in {@value #OWNER}) so that a master that could not
 * remove its own (killed with SIGKILL, or by the OOM killer) leaves nothing behind for long:
 * the next master of the same user removes the directories of masters that are gone when it
 * makes its own. A master judges only the masters of its own pid namespace: one that runs as
 * PID 1 of a container sharing {@code /tmp} with the host sees none of the host's processes,
 * and must not take their masters for gone.
 *
 * @author cluster-master
 */
final class IpcDirectories {

	private static final Log logger = LogFactory.getLog(IpcDirectories.class);

	/** The directories' name prefix. */
	static final String PREFIX = "cluster-master-";

	/**
	 * The file in a directory that names its master:
	 * {@code <pid> <start epoch millis> <pid namespace>} (the last missing where there is
	 * no {@code /proc/self/ns/pid}, and in the files of earlier versions).
	 */
	static final String OWNER = "master.pid";

	/** The pid namespace of this process, as Linux names it ({@code pid:[4026531836]}), or empty. */
	private static final String NAMESPACE = namespace(Path.of("/proc/self/ns/pid"));

	private IpcDirectories() {
	}

	/**
	 * Make this master's directory (mode 0700) under {@code java.io.tmpdir}, and remove those
	 * of masters that are gone.
	 * @return the directory
	 * @throws IOException if it cannot be made
	 */
	static Path create() throws IOException {
		Path directory = Files.createTempDirectory(PREFIX,
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(directory.resolve(OWNER), owner(ProcessHandle.current()));
		int removed = removeStale(directory.getParent(), directory);
		if (removed > 0) {
			logger.info("Removed " + removed + " IPC " + ((removed == 1) ? "directory" : "directories") + " under "
					+ directory.getParent() + " left by masters that are gone");
		}
		return directory;
	}

	/**
	 * Remove the directories of masters that are gone: those whose {@value #OWNER} names a
	 * process of this pid namespace that is not alive, or alive but started at another time
	 * (its pid reused). A directory without that file (being made, or another user's) or of
	 * a master in another pid namespace, whose pid means nothing here, is left alone.
	 * @param parent where the directories are
	 * @param own this master's, never removed
	 * @return how many were removed
	 */
	static int removeStale(Path parent, Path own) {
		int removed = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
			for (Path entry : entries) {
				if (!entry.equals(own) && isStale(entry)) {
					try {
						FileSystemUtils.deleteRecursively(entry);
						removed++;
					}
					catch (IOException ex) {
						logger.debug("Could not remove the stale IPC directory " + entry, ex);
					}
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not look for stale IPC directories in " + parent, ex);
		}
		return removed;
	}

	private static boolean isStale(Path directory) {
		String[] owner;
		try {
			owner = Files.readString(directory.resolve(OWNER)).trim().split(" ");
		}
		catch (IOException ex) {
			return false;
		}
		if (owner.length < 2 || owner.length > 3 || (owner.length == 3 && !owner[2].equals(NAMESPACE))) {
			return false;
		}
		try {
			long pid = Long.parseLong(owner[0]);
			long started = Long.parseLong(owner[1]);
			Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
			if (process.isEmpty() || started == 0) {
				return process.isEmpty();
			}
			return process.get()
				.info()
				.startInstant()
				.map((instant) -> Math.abs(instant.toEpochMilli() - started) > 1_000)
				.orElse(false);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * What {@value #OWNER} says of a process.
	 * @param process the process
	 * @return its pid and start time
	 */
	static String owner(ProcessHandle process) {
		return process.pid() + " " + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
				+ (NAMESPACE.isEmpty() ? "" : " " + NAMESPACE) + "\n";
	}

	/**
	 * The pid namespace a link of {@code /proc/<pid>/ns} names, or empty where there is none.
	 * @param link the link
	 * @return its target, such as {@code pid:[4026531836]}
	 */
	static String namespace(Path link) {
		try {
			return Files.readSymbolicLink(link).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "";
		}
	}

}
