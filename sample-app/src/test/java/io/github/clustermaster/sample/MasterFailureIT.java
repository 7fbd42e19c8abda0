package io.github.clustermaster.sample;

import java.time.Duration;
import java.util.regex.Pattern;

import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens when the master dies, or when the application cannot start at all.
 */
class MasterFailureIT {

	@RegisterExtension
	final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void workersOfAMasterKilledWithSigkillAreGoneWithinTwoSeconds() {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters
			.start(SampleJar.master().name("sigkill-it").args("--server.port=" + port));
		Http.awaitDistinctPids(port, 2, ClusterIT.BOOT);
		assertThat(cluster.awaitWorkers(2, ClusterIT.BOOT)).hasSize(2);
		cluster.signal("KILL");
		// Orphans are reparented to init, which may reap them late: a zombie counts as gone.
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> cluster.survivingDescendants().isEmpty());
	}

	@Test
	void anApplicationThatCannotBootIsRespawnedABoundedNumberOfTimesThenTheMasterExitsWithOne() {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(SampleJar.master()
			.name("boot-failure-it")
			.args("--server.port=" + port, "--cluster.master.env.SAMPLE_FAIL_BOOT=true",
					"--cluster.master.restart-intensity.max-restarts=2",
					"--cluster.master.restart-intensity.initial-backoff=500ms"));
		assertThat(cluster.awaitExit(Duration.ofSeconds(120))).isEqualTo(1);
		assertThat(cluster.output()).filteredOn((line) -> line.contains("Started Worker")).hasSize(3);
		assertThat(cluster.output()).anyMatch((line) -> line.contains("SAMPLE_FAIL_BOOT=true: this application refuses to start"))
			.anyMatch((line) -> line.contains("before it was ready. Its command line was: "))
			.anyMatch((line) -> line.contains("Giving up: 3 worker crashes within 60.0 s exceed cluster.master.restart-intensity.max-restarts=2"))
			.anyMatch((line) -> line.contains("No worker can stay up"));
		cluster.awaitOutput(Pattern.compile("the master exits with code 1"), Duration.ofSeconds(1));
		assertThat(cluster.survivingDescendants()).isEmpty();
	}

	@Test
	void anInvalidPropertyFailsTheMastersStartNamingIt() {
		ClusterProcess cluster = this.clusters.start(SampleJar.master()
			.name("invalid-property-it")
			.args("--server.port=" + FreePort.find(), "--cluster.master.size=-1"));
		assertThat(cluster.awaitExit(Duration.ofSeconds(60))).isNotZero();
		assertThat(cluster.output()).anyMatch((line) -> line.contains("Property: cluster.master.size"))
			.anyMatch((line) -> line.contains("size must be a whole number from 0 to 1024, was -1"))
			.noneMatch((line) -> line.contains("Started Worker"));
	}

	@Test
	void aPidFileInADirectoryThatDoesNotExistFailsTheMastersStartNamingTheProperty() {
		ClusterProcess cluster = this.clusters.start(SampleJar.master()
			.name("pid-file-it")
			.args("--server.port=" + FreePort.find(), "--cluster.master.pid-file=/nonexistent-h16/run/app.pid"));
		assertThat(cluster.awaitExit(Duration.ofSeconds(60))).isNotZero();
		// Boot names the field in its Java form, then the property as it was given
		assertThat(cluster.output()).anyMatch((line) -> line.contains("Property: cluster.master.pidFile"))
			.anyMatch((line) -> line.contains("Origin: \"cluster.master.pid-file\""))
			.anyMatch((line) -> line.contains("its directory /nonexistent-h16/run does not exist"))
			.noneMatch((line) -> line.contains("Started Worker"));
	}

	@Test
	void aManagementServerOnAPortOfItsOwnFailsTheMastersStartNamingItInsteadOfCrashLoopingWorkers() {
		int port = FreePort.find();
		ClusterProcess cluster = this.clusters.start(SampleJar.master()
			.name("management-port-it")
			.args("--server.port=" + port, "--management.server.port=" + FreePort.find()));
		assertThat(cluster.awaitExit(Duration.ofSeconds(60))).isNotZero();
		assertThat(cluster.output()).anyMatch((line) -> line.contains("for configuration property 'management.server.port'"))
			.anyMatch((line) -> line.contains("all but the first would fail to start"))
			.noneMatch((line) -> line.contains("Started Worker"));
	}

}
