package io.github.clustermaster.bench.measure;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MasterLog}, on lines of a real master's output (paths shortened).
 *
 * @author cluster-master
 */
class MasterLogTests {

	private static final String SUPERVISOR = "INFO 20203 --- [ster-supervisor] i.g.clustermaster.supervisor.Supervisor  : ";

	private static final String HANDLE = "INFO 20203 --- [ster-supervisor] i.g.c.supervisor.WorkerHandle            : ";

	private static final String ROLLOUT = "INFO 20203 --- [ster-supervisor] i.g.c.supervisor.RollingRestart          : ";

	private static final String ARCHIVES = "INFO 20203 --- [ster-fast-start] i.g.c.release.ClassDataArchives          : ";

	private static final String APP = " --- [           main] i.g.c.sample.SampleApplication           : ";

	private static final MasterLog LOG = new MasterLog(List.of(
			"2026-12-08T02:06:50.341Z  " + SUPERVISOR
					+ "Started Worker 1 (pid 20310) in generation 1, release 1091aa9e22ea, boots plain, slot 0",
			"2026-12-08T02:06:55.818Z  " + HANDLE + "Worker 1 (pid 20310) is ready after 5.5 s (generation 1)",
			"2026-12-08T02:07:06.775Z  " + ARCHIVES + "Built the CDS archive of release 1091aa9e22ea (/tmp/app.jar) "
					+ "in 10.9 s (45 MiB, /tmp/cache/1091aa9e22ea4e51-a9f6cd24de02.jsa): later workers boot with it",
			"2026-12-08T02:07:08.000Z  " + ROLLOUT + "Rolling restart to generation 2: replacing 1 workers one at a "
					+ "time, same release 1091aa9e22ea (/tmp/app.jar)",
			"2026-12-08T02:07:08.109Z  " + SUPERVISOR
					+ "Started Worker 2 (pid 20512) in generation 2, release 1091aa9e22ea, boots with CDS, slot 0",
			"2026-12-08T02:07:09.372Z  INFO 20512" + APP + "Starting SampleApplication v0.1.0-SNAPSHOT using Java "
					+ "17.0.15 with PID 20512 (/tmp/cache/app.jar started by root in /tmp)",
			"2026-12-08T02:07:11.473Z  INFO 20512 --- [           main] o.s.boot.tomcat.TomcatWebServer          : "
					+ "Tomcat started on port 44561 (http) with context path '/'",
			"2026-12-08T02:07:11.498Z  INFO 20512" + APP
					+ "Started SampleApplication in 3.377 seconds (process running for 3.51)",
			"2026-12-08T02:07:12.069Z  " + HANDLE + "Worker 2 (pid 20512) is ready after 4.0 s (generation 2)",
			"2026-12-08T02:07:12.100Z  " + HANDLE + "Spare worker 3 (pid 20600) is ready after 4.1 s (generation 2)",
			"2026-12-08T02:07:12.200Z  INFO 20600 --- [           main] i.g.c.worker.WorkerWarmup                : "
					+ "Worker 3 warmed up before joining the shared port: 2000 requests in 3.1 s",
			"2026-12-08T02:07:14.888Z  " + ROLLOUT + "Rolling restart to generation 2 done: 1 worker replaced in 6.9 s, "
					+ "on release 1091aa9e22ea (/tmp/app.jar)"));

	@Test
	void spawnsAreTheTimesBetweenTheMastersStartedAndReadyLinesWithTheBootMode() {
		assertThat(LOG.spawns()).containsExactly(new MasterLog.Spawn(1, 20310, 1, "plain", 5477),
				new MasterLog.Spawn(2, 20512, 2, "cds", 3960));
	}

	@Test
	void aLineInAnotherPatternKeepsTheMastersOwnFigure() {
		MasterLog log = new MasterLog(List.of("Started Worker 4 (pid 7) in generation 3",
				"Worker 4 (pid 7) is ready after 2.5 s (generation 3)"));
		assertThat(log.spawns()).containsExactly(new MasterLog.Spawn(4, 7, 3, "plain", 2500));
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
	void aRollingRestartTakesFromItsFirstToItsDoneLine() {
		assertThat(LOG.rollingRestart(2)).contains(6.888);
		assertThat(LOG.rollingRestartDone(2)).contains(Instant.parse("2026-12-08T02:07:14.888Z"));
		assertThat(LOG.rollingRestart(3)).isEmpty();
		MasterLog aborted = new MasterLog(List.of("2026-12-08T02:07:14.888Z  " + ROLLOUT
				+ "Rolling restart to generation 3 aborted: the canary answered 500"));
		assertThatIllegalStateException().isThrownBy(() -> aborted.rollingRestart(3))
			.withMessageContaining("aborted or refused");
	}

	@Test
	void archivesSparesWarmUpsAndThePlainStartAreRead() {
		assertThat(LOG.fastStart()).hasValueSatisfying((line) -> assertThat(line).startsWith("Built the CDS archive"));
		assertThat(LOG.archivesBuilt()).containsExactly(entry(Instant.parse("2026-12-08T02:07:06.775Z"), 10.9));
		assertThat(LOG.readySpares()).containsExactly(20600L);
		assertThat(LOG.warmUps()).containsExactly("2000 requests in 3.1 s");
		assertThat(LOG.plainStartSeconds()).containsExactly(3.51);
		assertThat(LOG.aotProcessed()).isFalse();
	}

	@Test
	void aWorkerThatAlreadyBootsWithTheArchiveIsAFastStart() {
		MasterLog log = new MasterLog(List.of("2026-12-08T02:06:50.341Z  " + SUPERVISOR
				+ "Started Worker 1 (pid 20310) in generation 1, release 1091aa9e22ea, boots with CDS, slot 0"));
		assertThat(log.fastStart()).contains("Worker 1 already boots with CDS (the archive is in the cache)");
	}

}
