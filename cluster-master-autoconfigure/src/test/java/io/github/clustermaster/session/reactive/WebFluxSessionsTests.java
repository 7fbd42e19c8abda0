package io.github.clustermaster.session.reactive;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.CookieClient;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.worker.sharing.SharingMasters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application on a real pool of two workers on Reactor Netty: a
 * {@code WebSession} attribute set on one worker is read on the other, through a new
 * connection per request, and a change on either (each answers from its copy of the
 * session meanwhile) is read at once on both.
 */
@EnabledOnOs(OS.LINUX)
class WebFluxSessionsTests {

	/** Generous: on a loaded 2-core machine a worker took minutes to boot. */
	private static final Duration BOOT = Duration.ofMinutes(5);

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	@Test
	void aWebSessionAttributeSetOnOneWorkerIsReadOnTheOther() throws IOException {
		int port = FreePort.find();
		ClusterProcess cluster = clusters.start(
				SharingMasters.master(ReactiveSessionApplication.class, SharingMasters.ONLY_REACTOR_NETTY)
					.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.repl=false",
							"--spring.main.web-application-type=reactive", "--server.reactive.session.timeout=5m",
							"--cluster.master.boot-timeout=5m"));
		Set<Long> workers = Http.awaitDistinctPids(port, 2, BOOT);
		CookieClient browser = new CookieClient(port);
		CookieClient.Response set = browser.get("/set?value=shared");
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(browser.cookie("SESSION")).isNotNull();
		long setter = Long.parseLong(set.body().split(" ")[0]);
		Set<Long> readers = new HashSet<>();
		for (int i = 0; i < 40 && readers.size() < 2; i++) {
			CookieClient.Response got = browser.get("/get");
			assertThat(got.status()).isEqualTo(200);
			assertThat(got.body()).endsWith(" got shared");
			readers.add(Long.parseLong(got.body().split(" ")[0]));
		}
		assertThat(readers).as("the other worker read it too").contains(setter).hasSize(2);
		assertThat(workers).containsAll(readers);
		// Both workers now answer from their copies: a change on either is read at once on both
		for (int round = 1; round <= 6; round++) {
			CookieClient.Response changed = browser.get("/set?value=v" + round);
			assertThat(changed.status()).as(changed.body()).isEqualTo(200);
			Set<Long> changedReaders = new HashSet<>();
			for (int i = 0; i < 40 && changedReaders.size() < 2; i++) {
				CookieClient.Response got = browser.get("/get");
				assertThat(got.body()).as("round %d, read %d", round, i).endsWith(" got v" + round);
				changedReaders.add(Long.parseLong(got.body().split(" ")[0]));
			}
			assertThat(changedReaders).as("round %d", round).hasSize(2);
		}
		cluster.signal("TERM");
		assertThat(cluster.awaitExit(BOOT)).isZero();
	}

}
