package io.github.clustermaster.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master as PID 1, as in a container started without an init: in a PID namespace of
 * its own ({@code unshare --pid --fork --mount-proc}), it warns, and still reaps its own
 * workers (a worker killed from outside leaves no zombie and is replaced).
 */
@EnabledOnOs(OS.LINUX)
class ContainerIT {

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void asPid1TheMasterWarnsAndReapsItsWorkers() {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(ClusterProcess
			.command("unshare", "--pid", "--fork", "--mount-proc", "--kill-child",
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
					SampleJar.locate().toAbsolutePath().toString())
			.name("pid1-it")
			.args("--server.port=" + port, "--cluster.master.size=1", "--cluster.master.repl=false",
					"--cluster.master.fast-start=false"));
		cluster.awaitOutput(Pattern.compile("The master runs as PID 1 .*docker run --init"), ClusterIT.BOOT);
		cluster.awaitOutput(Pattern.compile("Master pid 1 starts 1 worker"), Duration.ofSeconds(5));
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
		cluster.awaitOutput(Pattern.compile("Started Worker 2 "), ClusterIT.BOOT);
		Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		List<Long> workers = master.children().map(ProcessHandle::pid).toList();
		assertThat(workers).hasSize(1).doesNotContain(worker);
		cluster.signal(master.pid(), "TERM");
		assertThat(cluster.awaitExit(ClusterIT.BOOT)).isZero();
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

}
