package io.github.clustermaster.worker.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.testsupport.ReplClient;
import io.github.clustermaster.worker.sharing.SharingMasters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real master of {@link PerProcessStateApplication} with two workers: the master names
 * each kind of per-process state once for the pool (both workers report all four), in
 * its log, in {@code GET /actuator/cluster} and in the REPL's {@code cluster}; each
 * property {@code cluster.master.warnings.*=false} silences its kind. The application
 * runs on Jetty without spring-session-core on its class path and configures its HTTP
 * sessions ({@code server.servlet.session.timeout}): its sessions stay per worker.
 */
class PerProcessStateWarningsTests {

	static final Duration BOOT = Duration.ofMinutes(4);

	static final List<String> FIRST_WORDS = List.of("Each worker has its own in-memory database (DataSource "
			+ "'dataSource', jdbc:h2:mem:orders)", "Spring's simple message broker runs in each worker "
					+ "(SimpleBrokerMessageHandler 'simpleBrokerMessageHandler')",
			"Each worker has its own cache (ConcurrentMapCacheManager 'cacheManager')",
			"Each worker keeps its own HTTP sessions (server.servlet.session.timeout)");

	/**
	 * Jetty, and no spring-session-core: the pool cannot share the sessions (on Tomcat it
	 * shares them through the context's session manager).
	 */
	static final Pattern EXCLUDED = Pattern.compile(SharingMasters.ONLY_JETTY.pattern() + "|/spring-session-core");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void theMasterNamesEachKindOnceForThePoolWithItsFix(@TempDir Path directory) throws Exception {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(master(directory, port));
		Http.awaitDistinctPids(port, 2, BOOT);
		await().atMost(BOOT).untilAsserted(() -> assertThat(cluster.output()).anyMatch(
				(line) -> line.contains("Each worker keeps its own HTTP sessions")));
		HttpResult status = await().atMost(BOOT)
			.until(() -> Http.get(port, "/actuator/cluster"),
					(result) -> result.isOk() && result.body().contains("\"ready\":2")
							&& result.body().contains("\"kind\":\"sessions\""));
		assertThat(status.body()).contains("\"warnings\":[{\"kind\":\"in-memory-database\"",
				"{\"kind\":\"simple-broker\"", "{\"kind\":\"local-cache\"", "AUTO_SERVER=TRUE",
				"enableStompBrokerRelay", "cluster.master.warnings.local-cache=false silences this warning",
				"{\"kind\":\"sessions\"", "Add org.springframework.session:spring-session-core",
				"cluster.master.warnings.sessions=false silences this warning");
		String masterTag = " " + cluster.pid() + " --- ";
		for (String warning : FIRST_WORDS) {
			assertThat(cluster.output()).as(warning)
				.filteredOn((line) -> line.contains(warning))
				.singleElement()
				.asString()
				.contains(masterTag);
		}
		try (ReplClient repl = ReplClient.connect(directory.resolve("cluster-master-socket"))) {
			String summary = repl.run("cluster");
			assertThat(summary).contains("warning     Each worker has its own in-memory database",
					"warning     Spring's simple message broker", "warning     Each worker has its own cache",
					"warning     Each worker keeps its own HTTP sessions");
		}
	}

	@Test
	void eachPropertySilencesItsKind(@TempDir Path directory) {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(master(directory, port, "--cluster.master.warnings.in-memory-database=false",
				"--cluster.master.warnings.simple-broker=false", "--cluster.master.warnings.local-cache=false",
				"--cluster.master.warnings.sessions=false"));
		Http.awaitDistinctPids(port, 2, BOOT);
		HttpResult status = await().atMost(BOOT)
			.until(() -> Http.get(port, "/actuator/cluster"),
					(result) -> result.isOk() && result.body().contains("\"ready\":2"));
		assertThat(status.body()).contains("\"warnings\":[]");
		assertThat(cluster.output()).noneMatch((line) -> FIRST_WORDS.stream().anyMatch(line::contains));
	}

	private static ClusterProcess.Builder master(Path directory, int port, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=" + port, "--cluster.master.size=2",
				"--management.endpoints.web.exposure.include=cluster", "--cluster.master.boot-timeout=4m",
				"--server.servlet.session.timeout=20m"));
		args.addAll(List.of(more));
		return SharingMasters.master(PerProcessStateApplication.class, EXCLUDED)
			.workingDirectory(directory)
			.args(args.toArray(String[]::new));
	}

}
