package io.github.clustermaster.session.jetty;

import java.io.IOException;
import java.util.regex.Pattern;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.ServletSessions;
import io.github.clustermaster.session.ServletWorkers;
import io.github.clustermaster.session.ServletWorkers.Answer;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real embedded Jettys, as two workers, each with the pool's session cache and data
 * store over its own IPC link to one real master's store: a session made on one is used
 * on the other through Jetty's own cookie, changes made in place reach the other, a
 * new id at login and an invalidation reach the store, and what cannot be shared fails
 * the request naming the attribute and loses nothing.
 */
class PoolSessionCacheTests {

	private static ServletWorkers pool;

	private static int one;

	private static int two;

	@BeforeAll
	static void start() throws IOException {
		// Jetty's cookie carries the session's id and the node's name: node0abc.node0
		pool = new ServletWorkers(Pattern.compile("JSESSIONID=([^;.]+)(\\.[^;]*)?"), (link, app) -> {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
			factory.addServerCustomizers(new PoolSessionCustomizer(new ServletSessions(SessionStoreClient.of(link),
					new SessionAttributes(PoolSessionCacheTests.class.getClassLoader()), null)));
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
	void aSessionMadeOnOneWorkerIsUsedOnTheOtherWithJettysOwnCookie() throws Exception {
		Answer set = get(one, "/set?name=user&value=ada", null);
		assertThat(set.status()).isEqualTo(200);
		String id = set.cookie();
		assertThat(id).isNotNull();
		assertThat(pool.created()).contains(id);
		// Jetty's timeout (server.servlet.session.timeout, 30 minutes by default) goes to the store
		assertThat(pool.store().find(id)).isNotNull().extracting(SessionData::maxInactiveSeconds).isEqualTo(1800L);
		assertThat(get(two, "/get?name=user", id).body()).isEqualTo("ada");
		// a change on the second worker is read at once on the first, which kept a copy
		assertThat(get(one, "/get?name=user", id).body()).isEqualTo("ada");
		get(two, "/set?name=user&value=grace", id);
		assertThat(get(one, "/get?name=user", id).body()).isEqualTo("grace");
		assertThat(get(two, "/get?name=user", id).body()).isEqualTo("grace");
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
	}

	@Test
	void anAsynchronousRequestIsSavedWhenItCompletes() throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie();
		assertThat(get(two, "/async?value=later", id).status()).isEqualTo(200);
		assertThat(get(one, "/get?name=async", id).body()).isEqualTo("later");
	}

	@Test
	void aChangeIsInTheStoreWhenTheResponseIsCommittedAndOneMadeWhileStreamingWhenTheRequestEnds()
			throws Exception {
		String id = get(one, "/set?name=user&value=ada", null).cookie();
		Answer stream = get(two, "/stream", id);
		assertThat(stream.status()).isEqualTo(200);
		// the application flushed: Jetty committed the response, and the store had the change first
		assertThat(stream.body()).isEqualTo("saved before commit: true");
		assertThat(get(one, "/get?name=after", id).body()).isEqualTo("streamed");
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
