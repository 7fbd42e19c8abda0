package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master as PID 1, as in a container started without an init: in a PID namespace of
 * its own ({@code unshare --pid --fork --mount-proc}), it warns, and still reaps its own
 * workers (a worker killed from outside leaves no zombie and is replaced). And the default
 * size under a CPU quota, as a container's {@code --cpus} sets it: a cgroup of its own.
 */
@EnabledOnOs(OS.LINUX)
class ContainerIT {

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	/**
	 * With a temporary directory of its own, as a container has: in its namespace no other
	 * master's pid is alive, so from the host's it would take every live master's IPC
	 * directory for a stale one and remove it (another build's, on a shared machine).
	 */
	@Test
	void asPid1TheMasterWarnsAndReapsItsWorkers(@TempDir Path tmp) {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(ClusterProcess
			.command(Stream.concat(Stream.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"),
					SampleJar.java("-Djava.io.tmpdir=" + tmp, "-jar", SampleJar.locate().toAbsolutePath().toString())
						.stream()).toList())
			.name("pid1-it")
			.args("--server.port=" + port, "--cluster.master.size=1", "--cluster.master.repl=false",
					"--cluster.master.fast-start=false"));
		cluster.awaitEvent("master-pid-one", ClusterIT.BOOT);
		cluster.awaitEvent("master-starting",
				(event) -> event.number("master") == 1 && event.number("workers") == 1, Duration.ofSeconds(5));
		Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		ProcessHandle master = await().atMost(ClusterIT.BOOT)
			.until(() -> ProcessHandle.of(cluster.pid()).stream().flatMap(ProcessHandle::children).findFirst(),
					(found) -> found.isPresent())
			.orElseThrow();
		long worker = await().atMost(ClusterIT.BOOT)
			.until(() -> master.children().map(ProcessHandle::pid).toList(), (pids) -> pids.size() == 1)
			.get(0);
		cluster.signal(worker, "KILL");
		// Reaped, so not even a zombie is left in /proc; then replaced
		await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(Path.of("/proc", Long.toString(worker))));
		cluster.awaitEvent("worker-started", (event) -> event.isWorker(2), ClusterIT.BOOT);
		Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		List<Long> workers = master.children().map(ProcessHandle::pid).toList();
		assertThat(workers).hasSize(1).doesNotContain(worker);
		cluster.signal(master.pid(), "TERM");
		assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	void theDefaultSizeFollowsTheCpuQuotaOfTheCgroup() throws IOException {
		Path cgroup = cpuCgroup();
		Assumptions.assumeTrue(cgroup != null, "no writable cgroup cpu controller (needs root)");
		try {
			// One CPU's worth of time per period, on a machine with more.
			if (Files.exists(cgroup.resolve("cpu.max"))) {
				Files.writeString(cgroup.resolve("cpu.max"), "100000 100000");
			}
			else {
				Files.writeString(cgroup.resolve("cpu.cfs_period_us"), "100000");
				Files.writeString(cgroup.resolve("cpu.cfs_quota_us"), "100000");
			}
			int port = FreePort.find();
			ClusterProcess cluster = this.clusters.start(ClusterProcess
				.command(Stream.concat(
						Stream.of("sh", "-c", "echo $$ > " + cgroup.resolve("cgroup.procs") + " && exec \"$0\" \"$@\""),
						SampleJar.java("-jar", SampleJar.locate().toAbsolutePath().toString()).stream()).toList())
				.name("cpu-quota-it")
				// An empty size unsets the sample's size: 2, so that the default applies.
				.args("--server.port=" + port, "--cluster.master.size=", "--cluster.master.repl=false",
						"--cluster.master.fast-start=false"));
			cluster.awaitEvent("master-starting", (event) -> event.number("workers") == 1, ClusterIT.BOOT);
			Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
			cluster.signal("TERM");
			assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
			assertThat(cluster.survivingDescendants()).isEmpty();
		}
		finally {
			// A cgroup can be removed once its last process is gone, reaped.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Files.readString(cgroup.resolve("cgroup.procs")).isBlank());
			Files.deleteIfExists(cgroup);
		}
	}

	/** A new cgroup with the cpu controller (v2, or v1's cpu hierarchy), or null. */
	private static Path cpuCgroup() {
		Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "a single CPU already");
		String name = "cluster-master-it-" + ProcessHandle.current().pid();
		for (Path parent : List.of(Path.of("/sys/fs/cgroup/cpu"), Path.of("/sys/fs/cgroup"))) {
			boolean controls = Files.exists(parent.resolve("cpu.cfs_quota_us"))
					|| (Files.exists(parent.resolve("cgroup.subtree_control")) && readable(parent).contains("cpu"));
			if (controls && Files.isWritable(parent)) {
				try {
					return Files.createDirectory(parent.resolve(name));
				}
				catch (IOException ex) {
					// not allowed here: try the next, or skip
				}
			}
		}
		return null;
	}

	private static String readable(Path parent) {
		try {
			return Files.readString(parent.resolve("cgroup.subtree_control"));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
