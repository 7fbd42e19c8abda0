package io.github.clustermaster.session.tomcat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.ServletSessionsContract;
import io.github.clustermaster.session.ServletWorkers;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real embedded Tomcats, as two workers, each with the pool's session manager and
 * valve over its own IPC link to one real master's store, held to
 * {@link ServletSessionsContract}; and what is Tomcat's own: {@code spring.session.timeout}
 * for a new session, and a value found not serializable only at the save (Tomcat checks
 * the value itself when it is set) dropped while the request's other change is saved.
 */
class PoolSessionManagerTests extends ServletSessionsContract {

	private static ServletWorkers pool;

	@BeforeAll
	static void start() throws IOException {
		pool = new ServletWorkers(Pattern.compile("JSESSIONID=([^;]+)"), (link, app) -> {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
			factory.addContextCustomizers((context) -> context.setManager(new PoolSessionManager(new ServletSessions(
					SessionStoreClient.of(link), new SessionAttributes(PoolSessionManagerTests.class.getClassLoader()),
					null))));
			factory.addEngineValves(new PoolSessionValve());
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
	void springSessionsTimeoutWhenSetIsANewSessionsTimeout() {
		StandardContext context = new StandardContext();
		context.setSessionTimeout(30);
		PoolSessionManager manager = new PoolSessionManager(new ServletSessions(
				new SessionStoreClient((call) -> CompletableFuture.failedFuture(new IllegalStateException("not called"))),
				new SessionAttributes(null), Duration.ofMinutes(10)));
		manager.setContext(context);
		assertThat(manager.createSession("a-new-one").getMaxInactiveInterval()).isEqualTo(600);
	}

	@Test
	void aValueFoundNotSerializableAtTheSaveIsDroppedAndTheRequestsOtherChangeSaved() throws Exception {
		String id = get(one(), "/set?name=user&value=ada", null).cookie();
		assertThat(get(two(), "/nested-bad", id).status()).isEqualTo(500);
		assertThat(get(two(), "/get?name=holder", id).body()).isEqualTo("none");
		assertThat(get(one(), "/get?name=note", id).body()).as("the request's other change").isEqualTo("kept");
	}

}
