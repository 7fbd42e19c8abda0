package io.github.clustermaster.session.tomcat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.ServletWorkers;
import io.github.clustermaster.session.ServletWorkers.Answer;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.apache.catalina.core.StandardContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real embedded Tomcats, as two workers, each with the pool's session manager and
 * valve over its own IPC link to one real master's store: a session made on one is used
 * on the other through Tomcat's own cookie, changes made in place reach the other, a
 * new id at login and an invalidation reach the store, and what cannot be shared fails
 * the request naming the attribute and loses nothing.
 */
class PoolSessionManagerTests {

	private static ServletWorkers pool;

	private static int one;

	private static int two;

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
		one = pool.one();
		two = pool.two();
	}

	@AfterAll
	static void stop() throws IOException {
		pool.close();
	}

	@Test
	void aSessionMadeOnOneWorkerIsUsedOnTheOtherWithTomcatsOwnCookie() throws Exception {
		Answer set = get(one, "/set?name=user&value=ada", null);
		assertThat(set.status()).isEqualTo(200);
		String id = set.cookie();
		assertThat(id).isNotNull();
		assertThat(pool.created()).contains(id);
		// Tomcat's timeout (server.servlet.session.timeout, 30 minutes by default) goes to the store
		assertThat(pool.store().find(id)).isNotNull().extracting(SessionData::maxInactiveSeconds).isEqualTo(1800L);
		assertThat(get(two, "/get?name=user", id).body()).isEqualTo("ada");
		// a change on the second worker is read at once on the first, which kept a copy
		assertThat(get(one, "/get?name=user", id).body()).isEqualTo("ada");
		get(two, "/set?name=user&value=grace", id);
		assertThat(get(one, "/get?name=user", id).body()).isEqualTo("grace");
		assertThat(get(two, "/get?name=user", id).body()).isEqualTo("grace");
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
	void aValueChangedInPlaceReachesTheOtherWorker() throws Exception {
		String id = get(one, "/append?value=a", null).cookie();
		get(two, "/append?value=b", id);
		get(one, "/append?value=c", id);
		assertThat(get(two, "/list", id).body()).isEqualTo("[a, b, c]");
		assertThat(get(one, "/list", id).body()).isEqualTo("[a, b, c]");
	}

	@Test
	void aNewIdAtLoginMovesTheSessionAndLogoutDeletesIt() throws Exception {
		String id = get(one, "/set?name=cart&value=3", null).cookie();
		Answer login = get(two, "/login", id);
		String moved = login.cookie();
		assertThat(moved).isNotNull().isNotEqualTo(id);
		assertThat(pool.store().find(id)).isNull();
		assertThat(get(one, "/get?name=cart", moved).body()).isEqualTo("3");
		assertThat(get(one, "/get?name=user", moved).body()).isEqualTo("ada");
		assertThat(get(two, "/logout", moved).status()).isEqualTo(200);
		assertThat(pool.destroyed()).contains(moved);
		assertThat(pool.store().find(moved)).isNull();
		Answer after = get(one, "/get?name=user", moved);
		assertThat(after.body()).isEqualTo("none");
	}

	@Test
	void anAttributeThatCannotBeSharedFailsTheRequestNamingItAndTheSessionKeepsTheRest() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie();
		Answer direct = get(two, "/bad", id);
		assertThat(direct.status()).isEqualTo(500);
		assertThat(direct.body()).contains("'socket'").contains("java.lang.Object");
		Answer nested = get(two, "/nested-bad", id);
		assertThat(nested.status()).isEqualTo(500);
		assertThat(get(one, "/get?name=user", id).body()).isEqualTo("ada");
		assertThat(get(one, "/get?name=holder", id).body()).isEqualTo("none");
		assertThat(get(two, "/get?name=holder", id).body()).isEqualTo("none");
		assertThat(get(one, "/get?name=note", id).body()).as("the request's other change").isEqualTo("kept");
	}

	@Test
	void anAsynchronousRequestIsSavedWhenItCompletes() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie();
		assertThat(get(two, "/async?value=later", id).status()).isEqualTo(200);
		assertThat(get(one, "/get?name=async", id).body()).isEqualTo("later");
	}

	@Test
	void aRequestThatOnlyReadsCostsNoSave() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie();
		pool.calls().clear();
		for (int i = 0; i < 10; i++) {
			assertThat(get((i % 2 == 0) ? one : two, "/get?name=user", id).body()).isEqualTo("ada");
		}
		// one find by each worker, then each answers from its copy
		assertThat(pool.calls()).containsExactly(SessionCall.Op.FIND, SessionCall.Op.FIND);
	}

	private static Answer get(int port, String path, @Nullable String session) throws Exception {
		return pool.get(port, path, session);
	}

}
