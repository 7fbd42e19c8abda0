package io.github.clustermaster.session.jetty;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.ServletSessionsContract;
import io.github.clustermaster.session.ServletWorkers;
import io.github.clustermaster.session.ServletWorkers.Answer;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real embedded Jettys, as two workers, each with the pool's session cache and data
 * store over its own IPC link to one real master's store, held to
 * {@link ServletSessionsContract}; and what is Jetty's own: the save made when Jetty
 * commits the response, and one made while streaming saved when the request ends.
 */
class PoolSessionCacheTests extends ServletSessionsContract {

	private static ServletWorkers pool;

	@BeforeAll
	static void start() throws IOException {
		// Jetty's cookie carries the session's id and the node's name: node0abc.node0
		pool = new ServletWorkers(Pattern.compile("JSESSIONID=([^;.]+)(\\.[^;]*)?"), (link, app) -> {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
			factory.addServerCustomizers(new PoolSessionCustomizer(new ServletSessions(SessionStoreClient.of(link),
					new SessionAttributes(PoolSessionCacheTests.class.getClassLoader()), null)));
			return factory.getWebServer(app);
		});
	}

	@AfterAll
	static void stop() throws IOException {
		pool.close();
	}

	@Override
	protected ServletWorkers pool() {
		return pool;
	}

	@Test
	void aChangeIsInTheStoreWhenTheResponseIsCommittedAndOneMadeWhileStreamingWhenTheRequestEnds()
			throws Exception {
		String id = get(one(), "/set?name=user&value=ada", null).cookie();
		Answer stream = get(two(), "/stream", id);
		assertThat(stream.status()).isEqualTo(200);
		// the application flushed: Jetty committed the response, and the store had the change first
		assertThat(stream.body()).isEqualTo("saved before commit: true");
		// the change made after the commit is saved when Jetty releases the request, which may
		// come a moment after the client read the end of the response
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get(one(), "/get?name=after", id).body()).isEqualTo("streamed"));
	}

}
