package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a cluster's files go: a fresh temporary working directory, short enough for a UNIX
 * socket path and deleted when the cluster is closed, and a log file that outlives it, in
 * {@code target/cluster-logs} of the module under Maven.
 *
 * @author cluster-master
 */
final class ClusterFiles {

	private ClusterFiles() {
	}

	static Path createWorkingDirectory() throws IOException {
		return Files.createTempDirectory("cluster-it-");
	}

	static Path logFile(String name, long pid) throws IOException {
		Path target = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target");
		if (Files.isDirectory(target)) {
			return Files.createDirectories(target.resolve("cluster-logs")).resolve(name + "-" + pid + ".log");
		}
		return Files.createTempFile("cluster-" + name + "-" + pid + "-", ".log");
	}

	/**
	 * Delete a directory and everything in it, without following links. Failures are
	 * ignored: a leftover temporary directory is not worth failing a test for.
	 * @param directory the directory
	 */
	static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
			for (Path path : deepestFirst) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Left for the system to clean up.
		}
	}

}
