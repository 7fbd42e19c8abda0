package io.github.clustermaster.worker.state;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real master of {@link PerProcessStateApplication} with two workers: the master names
 * each kind of per-process state once for the pool (both workers report all three), in
 * its log, in {@code GET /actuator/cluster} and in the REPL's {@code cluster}; each
 * property {@code cluster.master.warnings.*=false} silences its kind (a master of one
 * worker). The application runs on Jetty with no Spring Session on its class path and
 * configures its HTTP sessions ({@code server.servlet.session.timeout}): the pool shares
 * them through Jetty's own session API, so they are not among the warnings, and a session
 * made on one worker is read on the other.
 */
class PerProcessStateWarningsTests {

	static final Duration BOOT = Duration.ofMinutes(4);

	static final List<String> FIRST_WORDS = List.of("Each worker has its own in-memory database (DataSource "
			+ "'dataSource', jdbc:h2:mem:orders)", "Spring's simple message broker runs in each worker "
					+ "(SimpleBrokerMessageHandler 'simpleBrokerMessageHandler')",
			"Each worker has its own cache (ConcurrentMapCacheManager 'cacheManager')");

	/** Jetty, and no Spring Session: the pool shares the sessions through Jetty's own API. */
	static final Pattern EXCLUDED = Pattern.compile(SharingMasters.ONLY_JETTY.pattern() + "|/spring-session-core");

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void theMasterNamesEachKindOnceForThePoolWithItsFix(@TempDir Path directory) throws Exception {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(master(directory, port, 2));
		Http.awaitDistinctPids(port, 2, BOOT);
		HttpResult status = await().atMost(BOOT)
			.until(() -> Http.get(port, "/actuator/cluster"),
					(result) -> result.isOk() && result.body().contains("\"ready\":2")
							&& result.body().contains("\"kind\":\"local-cache\""));
		assertThat(status.body()).contains("\"warnings\":[{\"kind\":\"in-memory-database\"",
				"{\"kind\":\"simple-broker\"", "{\"kind\":\"local-cache\"", "AUTO_SERVER=TRUE",
				"enableStompBrokerRelay", "cluster.master.warnings.local-cache=false silences this warning")
			.doesNotContain("\"kind\":\"sessions\"");
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
					"warning     Spring's simple message broker", "warning     Each worker has its own cache");
		}
		aSessionMadeOnOneWorkerIsReadOnTheOther(port);
	}

	/** Each request on a new connection, as a browser after its keep-alive timeout. */
	private static void aSessionMadeOnOneWorkerIsReadOnTheOther(int port) throws Exception {
		HttpResponse<String> set = send(port, "/session/set?value=ada", null);
		String cookie = set.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		long maker = Http.pidOf(set.body());
		HttpResponse<String> other = await().atMost(Duration.ofMinutes(1))
			.until(() -> send(port, "/session/get", cookie), (response) -> Http.pidOf(response.body()) != maker);
		assertThat(other.body()).endsWith(" value=ada");
	}

	private static HttpResponse<String> send(int port, String path, @Nullable String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		// A client of its own: a connection of its own
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** One worker is enough: it reports every kind, and the master must name none. */
	@Test
	void eachPropertySilencesItsKind(@TempDir Path directory) {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(master(directory, port, 1,
				"--cluster.master.warnings.in-memory-database=false", "--cluster.master.warnings.simple-broker=false",
				"--cluster.master.warnings.local-cache=false"));
		Http.awaitDistinctPids(port, 1, BOOT);
		HttpResult status = await().atMost(BOOT)
			.until(() -> Http.get(port, "/actuator/cluster"),
					(result) -> result.isOk() && result.body().contains("\"ready\":1"));
		assertThat(status.body()).contains("\"warnings\":[]");
		assertThat(cluster.output()).noneMatch((line) -> FIRST_WORDS.stream().anyMatch(line::contains));
	}

	private static ClusterProcess.Builder master(Path directory, int port, int size, String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=" + port, "--cluster.master.size=" + size,
				"--management.endpoints.web.exposure.include=cluster", "--cluster.master.boot-timeout=4m",
				"--server.servlet.session.timeout=20m"));
		args.addAll(List.of(more));
		return SharingMasters.master(PerProcessStateApplication.class, EXCLUDED)
			.workingDirectory(directory)
			.args(args.toArray(String[]::new));
	}

}
