package io.github.clustermaster.master.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VisibleMemory}, on cgroup trees written in a temporary directory.
 */
class VisibleMemoryTests {

	private static final long GIB = 1L << 30;

	private static final long PHYSICAL = 16 * GIB;

	@TempDir
	Path root;

	@Test
	void cgroupV2MemoryMaxOfTheProcesssCgroupWins() throws IOException {
		write("cgroup.controllers", "cpu memory");
		write("system.slice/app.service/memory.max", String.valueOf(4 * GIB));
		Path self = write("self-cgroup", "0::/system.slice/app.service");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL))
			.isEqualTo(new VisibleMemory(4 * GIB, "cgroup memory.max"));
	}

	@Test
	void theSmallestMemoryMaxOnTheWayToTheRootWins() throws IOException {
		write("system.slice/memory.max", String.valueOf(2 * GIB));
		write("system.slice/app.service/memory.max", "max");
		Path self = write("self-cgroup", "0::/system.slice/app.service");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL).bytes()).isEqualTo(2 * GIB);
	}

	@Test
	void aContainersOwnViewHasItsLimitAtTheRoot() throws IOException {
		// /proc/self/cgroup names the host's path, which the container's mount does not have
		write("memory.max", String.valueOf(3 * GIB));
		Path self = write("self-cgroup", "0::/kubepods/burstable/pod1/abc");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL).bytes()).isEqualTo(3 * GIB);
	}

	@Test
	void noLimitAnywhereMeansPhysicalMemory() throws IOException {
		write("cgroup.controllers", "cpu memory");
		write("user.slice/memory.max", "max");
		Path self = write("self-cgroup", "0::/user.slice");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL))
			.isEqualTo(new VisibleMemory(PHYSICAL, "physical memory"));
	}

	@Test
	void cgroupV1LimitOfTheMemoryControllersCgroup() throws IOException {
		write("memory/docker/abc/memory.limit_in_bytes", String.valueOf(GIB));
		Path self = write("self-cgroup", "5:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL))
			.isEqualTo(new VisibleMemory(GIB, "cgroup memory.limit_in_bytes"));
	}

	@Test
	void cgroupV1FallsBackToTheControllersRootAndItsUnlimitedValue() throws IOException {
		write("memory/memory.limit_in_bytes", "9223372036854771712");
		Path self = write("self-cgroup", "4:memory:/process_api/c141b3\n0::/");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL))
			.isEqualTo(new VisibleMemory(PHYSICAL, "physical memory"));
		write("memory/memory.limit_in_bytes", String.valueOf(6 * GIB));
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL).bytes()).isEqualTo(6 * GIB);
	}

	@Test
	void aLimitAbovePhysicalMemoryIsPhysicalMemory() throws IOException {
		write("memory.max", String.valueOf(64 * GIB));
		Path self = write("self-cgroup", "0::/");
		assertThat(VisibleMemory.detect(this.root, self, PHYSICAL))
			.isEqualTo(new VisibleMemory(PHYSICAL, "physical memory"));
	}

	@Test
	void noCgroupFilesAtAllMeansPhysicalMemory() {
		assertThat(VisibleMemory.detect(this.root, this.root.resolve("missing"), PHYSICAL).bytes()).isEqualTo(PHYSICAL);
	}

	@Test
	void thisJvmSeesSomeMemory() {
		assertThat(VisibleMemory.current().bytes()).isPositive();
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.root.resolve(name);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content + "\n");
	}

}
