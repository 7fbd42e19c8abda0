package io.github.clustermaster.bench.measure;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.github.clustermaster.testsupport.ClusterEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MasterLog}, on lines of a real master's output and event log (paths
 * shortened).
 *
 * @author cluster-master
 */
class MasterLogTests {

	private static final String ARCHIVES = "INFO 20203 --- [ster-fast-start] i.g.c.release.ClassDataArchives          : ";

	private static final String APP = " --- [           main] i.g.c.sample.SampleApplication           : ";

	private static final List<ClusterEvent> EVENTS = Stream.of(
			"{\"time\":\"2026-12-08T02:06:50.341Z\",\"master\":20203,\"event\":\"worker-started\",\"worker\":1,"
					+ "\"pid\":20310,\"spare\":false,\"generation\":1,\"slot\":0,"
					+ "\"boot\":\"release 1091aa9e22ea (/tmp/app.jar), boots plain\"}",
			"{\"time\":\"2026-12-08T02:06:55.818Z\",\"master\":20203,\"event\":\"worker-ready\",\"worker\":1,"
					+ "\"pid\":20310,\"spare\":false,\"generation\":1,\"afterMs\":5477}",
			"{\"time\":\"2026-12-08T02:07:06.775Z\",\"master\":20203,\"event\":\"archive-built\",\"mode\":\"CDS\","
					+ "\"release\":\"release 1091aa9e22ea (/tmp/app.jar)\",\"tookMs\":10912,\"mebibytes\":45,"
					+ "\"file\":\"/tmp/cache/1091aa9e22ea4e51-a9f6cd24de02.jsa\"}",
			"{\"time\":\"2026-12-08T02:07:08.000Z\",\"master\":20203,\"event\":\"rollout-started\","
					+ "\"generation\":2,\"replacing\":1,\"surge\":1}",
			"{\"time\":\"2026-12-08T02:07:08.109Z\",\"master\":20203,\"event\":\"worker-started\",\"worker\":2,"
					+ "\"pid\":20512,\"spare\":false,\"generation\":2,\"slot\":0,"
					+ "\"boot\":\"release 1091aa9e22ea (/tmp/app.jar), boots with CDS\"}",
			"{\"time\":\"2026-12-08T02:07:12.069Z\",\"master\":20203,\"event\":\"worker-ready\",\"worker\":2,"
					+ "\"pid\":20512,\"spare\":false,\"generation\":2,\"afterMs\":3960}",
			"{\"time\":\"2026-12-08T02:07:12.100Z\",\"master\":20203,\"event\":\"worker-ready\",\"worker\":3,"
					+ "\"pid\":20600,\"spare\":true,\"generation\":2,\"afterMs\":4100}",
			"{\"time\":\"2026-12-08T02:07:14.888Z\",\"master\":20203,\"event\":\"rollout-done\",\"generation\":2,"
					+ "\"rollback\":false,\"replaced\":1,\"tookMs\":6900}")
		.map(ClusterEvent::of)
		.toList();

	private static final MasterLog LOG = new MasterLog(List.of(
			"2026-12-08T02:07:06.775Z  " + ARCHIVES + "Built the CDS archive of release 1091aa9e22ea (/tmp/app.jar) "
					+ "in 10.9 s (45 MiB, /tmp/cache/1091aa9e22ea4e51-a9f6cd24de02.jsa): later workers boot with it",
			"2026-12-08T02:07:09.372Z  INFO 20512" + APP + "Starting SampleApplication v0.1.0-SNAPSHOT using Java "
					+ "17.0.15 with PID 20512 (/tmp/cache/app.jar started by root in /tmp)",
			"2026-12-08T02:07:11.473Z  INFO 20512 --- [           main] o.s.boot.tomcat.TomcatWebServer          : "
					+ "Tomcat started on port 44561 (http) with context path '/'",
			"2026-12-08T02:07:11.498Z  INFO 20512" + APP
					+ "Started SampleApplication in 3.377 seconds (process running for 3.51)",
			"2026-12-08T02:07:12.200Z  INFO 20600 --- [           main] i.g.c.worker.WorkerWarmup                : "
					+ "Worker 3 warmed up before joining the shared port: 2000 requests in 3.1 s"),
			EVENTS);

	@Test
	void spawnsAreTheTimesBetweenTheStartedAndReadyEventsWithTheBootMode() {
		assertThat(LOG.spawns()).containsExactly(new MasterLog.Spawn(1, 20310, 1, "plain", 5477),
				new MasterLog.Spawn(2, 20512, 2, "cds", 3960));
	}

	@Test
	void aReplacementsBootIsSplitIntoItsPhases() {
		assertThat(LOG.bootPhases()).singleElement()
			.satisfies((times) -> assertThat(times).containsExactly(
					Instant.parse("2026-12-08T02:07:08.109Z").toEpochMilli(),
					Instant.parse("2026-12-08T02:07:09.372Z").toEpochMilli(),
					Instant.parse("2026-12-08T02:07:11.473Z").toEpochMilli(),
					Instant.parse("2026-12-08T02:07:11.498Z").toEpochMilli(),
					Instant.parse("2026-12-08T02:07:12.069Z").toEpochMilli()));
	}

	@Test
	void aRollingRestartTakesFromItsStartedToItsDoneEvent() {
		assertThat(LOG.rollingRestart(2)).contains(6.888);
		assertThat(LOG.rollingRestartDone(2)).contains(Instant.parse("2026-12-08T02:07:14.888Z"));
		assertThat(LOG.rollingRestart(3)).isEmpty();
		MasterLog aborted = new MasterLog(List.of(),
				List.of(ClusterEvent.of("{\"time\":\"2026-12-08T02:07:14.888Z\",\"master\":20203,"
						+ "\"event\":\"rollout-aborted\",\"generation\":3,\"rollback\":false,"
						+ "\"reason\":\"the canary answered 500\"}")));
		assertThatIllegalStateException().isThrownBy(() -> aborted.rollingRestart(3))
			.withMessageContaining("aborted or refused");
	}

	@Test
	void archivesSparesWarmUpsAndThePlainStartAreRead() {
		assertThat(LOG.fastStart()).hasValueSatisfying((line) -> assertThat(line).startsWith("Built the CDS archive"));
		assertThat(LOG.archivesBuilt()).containsExactly(entry(Instant.parse("2026-12-08T02:07:06.775Z"), 10.912));
		assertThat(LOG.readySpares()).containsExactly(20600L);
		assertThat(LOG.warmUps()).containsExactly("2000 requests in 3.1 s");
		assertThat(LOG.plainStartSeconds()).containsExactly(3.51);
		assertThat(LOG.aotProcessed()).isFalse();
	}

	@Test
	void aWorkerThatAlreadyBootsWithTheArchiveIsAFastStart() {
		MasterLog log = new MasterLog(List.of(), List.of(ClusterEvent.of("{\"time\":\"2026-12-08T02:06:50.341Z\","
				+ "\"master\":20203,\"event\":\"worker-started\",\"worker\":1,\"pid\":20310,\"spare\":false,"
				+ "\"generation\":1,\"slot\":0,\"boot\":\"release 1091aa9e22ea (/tmp/app.jar), boots with CDS\"}")));
		assertThat(log.fastStart()).contains("Worker 1 already boots with CDS (the archive is in the cache)");
	}

}
