package io.github.clustermaster.master.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The memory the master and its workers can use together, and where that figure comes
 * from: the cgroup limit of the master's cgroup (v2 {@code memory.max} of it or of an
 * ancestor, the smallest; else v1 {@code memory.limit_in_bytes}), else the machine's
 * physical memory. Worker JVMs see the same figure (they run in the master's cgroup) and
 * size their default heap from it.
 *
 * @param bytes the memory in bytes
 * @param source where it comes from, for the log: {@code cgroup memory.max},
 * {@code cgroup memory.limit_in_bytes} or {@code physical memory}
 * @author cluster-master
 */
public record VisibleMemory(long bytes, String source) {

	static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

	static final Path PROC_SELF_CGROUP = Path.of("/proc/self/cgroup");

	/** At or above this, a cgroup v1 limit means "no limit" (the kernel writes 2^63 rounded to a page). */
	private static final long UNLIMITED = 1L << 60;

	/**
	 * What this JVM sees.
	 * @return the memory
	 */
	public static VisibleMemory current() {
		return detect(CGROUP_ROOT, PROC_SELF_CGROUP, physical());
	}

	/**
	 * The smaller of the cgroup limit and the physical memory.
	 * @param cgroupRoot where the cgroup file systems are mounted
	 * @param procSelfCgroup the process's cgroup membership ({@code /proc/self/cgroup})
	 * @param physical the physical memory in bytes
	 * @return the memory
	 */
	static VisibleMemory detect(Path cgroupRoot, Path procSelfCgroup, long physical) {
		List<String> membership = lines(procSelfCgroup);
		Long limit = v2Limit(cgroupRoot, membership);
		String source = "cgroup memory.max";
		if (limit == null) {
			limit = v1Limit(cgroupRoot, membership);
			source = "cgroup memory.limit_in_bytes";
		}
		if (limit != null && (physical <= 0 || limit <= physical)) {
			return new VisibleMemory(limit, source);
		}
		return new VisibleMemory(physical, "physical memory");
	}

	/**
	 * The smallest {@code memory.max} from the process's cgroup up to the root; the path
	 * in {@code /proc/self/cgroup} may not exist in a container's own view, whose root is
	 * then its cgroup.
	 */
	private static @Nullable Long v2Limit(Path root, List<String> membership) {
		String path = membership.stream()
			.filter((line) -> line.startsWith("0::"))
			.map((line) -> line.substring(3))
			.findFirst()
			.orElse(null);
		if (path == null && !Files.exists(root.resolve("cgroup.controllers"))) {
			return null;
		}
		Long smallest = null;
		for (Path directory = cgroup(root, (path != null) ? path : "/"); directory != null
				&& directory.startsWith(root); directory = directory.getParent()) {
			Long limit = limit(directory.resolve("memory.max"));
			if (limit != null && (smallest == null || limit < smallest)) {
				smallest = limit;
			}
		}
		return smallest;
	}

	private static @Nullable Long v1Limit(Path root, List<String> membership) {
		Path memory = root.resolve("memory");
		String path = membership.stream()
			.map((line) -> line.split(":", 3))
			.filter((fields) -> fields.length == 3 && List.of(fields[1].split(",")).contains("memory"))
			.map((fields) -> fields[2])
			.findFirst()
			.orElse("/");
		Long limit = limit(cgroup(memory, path).resolve("memory.limit_in_bytes"));
		return (limit != null) ? limit : limit(memory.resolve("memory.limit_in_bytes"));
	}

	private static Path cgroup(Path root, String path) {
		Path relative = Path.of("/").relativize(Path.of(path.isEmpty() ? "/" : path).normalize());
		return root.resolve(relative.toString());
	}

	private static @Nullable Long limit(Path file) {
		List<String> lines = lines(file);
		if (lines.isEmpty()) {
			return null;
		}
		try {
			long value = Long.parseLong(lines.get(0).trim());
			return (value > 0 && value < UNLIMITED) ? value : null;
		}
		catch (NumberFormatException ex) {
			// "max": no limit at this level
			return null;
		}
	}

	private static List<String> lines(Path file) {
		try {
			return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

	private static long physical() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return (os instanceof com.sun.management.OperatingSystemMXBean sun) ? sun.getTotalMemorySize() : 0;
	}

}
