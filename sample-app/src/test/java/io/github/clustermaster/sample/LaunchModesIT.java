package io.github.clustermaster.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master started from a class path (as an IDE or {@code mvn spring-boot:run} starts it)
 * instead of the fat jar starts its workers the same way (one worker shows it).
 */
class LaunchModesIT {

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void aMasterStartedFromAClassPathStartsWorkersFromTheSameClassPathAndMainClass() throws IOException {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(ClusterProcess
			.command(SampleJar.java("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(),
					"--server.port=" + port, "--cluster.master.size=1"))
			.name("classpath-it"));
		Set<Long> answering = Http.awaitDistinctPids(port, 1, ClusterIT.BOOT);
		assertThat(answering).isEqualTo(cluster.workerPids()).doesNotContain(cluster.pid());
		for (long pid : answering) {
			// ProcessHandle.Info drops long command lines; /proc has them whole.
			List<String> arguments = List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
			assertThat(arguments).containsSubsequence("-Dspring.profiles.include=worker", "-cp",
					System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=" + port);
		}
	}

}
