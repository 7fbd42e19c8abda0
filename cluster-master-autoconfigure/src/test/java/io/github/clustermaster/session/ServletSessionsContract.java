package io.github.clustermaster.session;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import io.github.clustermaster.session.ServletWorkers.Answer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every servlet container's path to the pool's sessions must do, on two real
 * workers of a {@link ServletWorkers} pool: a session made on one is used on the other
 * through the container's own cookie and timeout, changes made in place reach the other,
 * a new id at login and an invalidation reach the store, what cannot be shared fails the
 * request naming the attribute and loses the rest of the session, an asynchronous request
 * is saved, and a request that only reads costs no save. Each container's test class adds
 * what is its own.
 */
public abstract class ServletSessionsContract {

	/**
	 * The pool of two workers of the container under test.
	 * @return the pool
	 */
	protected abstract ServletWorkers pool();

	@Test
	public void aSessionMadeOnOneWorkerIsUsedOnTheOtherWithTheContainersOwnCookieAndTimeout() throws Exception {
		Answer set = get(one(), "/set?name=user&value=ada", null);
		assertThat(set.status()).isEqualTo(200);
		String id = set.cookie();
		assertThat(id).isNotNull();
		assertThat(pool().created()).contains(id);
		// The container's timeout (server.servlet.session.timeout, 30 minutes by default) goes to the store
		assertThat(pool().store().find(id)).isNotNull().extracting(SessionData::maxInactiveSeconds).isEqualTo(1800L);
		assertThat(get(two(), "/get?name=user", id).body()).isEqualTo("ada");
		// a change on the second worker is read at once on the first, which kept a copy
		assertThat(get(one(), "/get?name=user", id).body()).isEqualTo("ada");
		get(two(), "/set?name=user&value=grace", id);
		assertThat(get(one(), "/get?name=user", id).body()).isEqualTo("grace");
		assertThat(get(two(), "/get?name=user", id).body()).isEqualTo("grace");
	}

	@Test
	public void aValueChangedInPlaceReachesTheOtherWorker() throws Exception {
		String id = get(one(), "/append?value=a", null).cookie();
		get(two(), "/append?value=b", id);
		get(one(), "/append?value=c", id);
		assertThat(get(two(), "/list", id).body()).isEqualTo("[a, b, c]");
		assertThat(get(one(), "/list", id).body()).isEqualTo("[a, b, c]");
	}

	@Test
	public void aNewIdAtLoginMovesTheSessionAndLogoutDeletesIt() throws Exception {
		String id = get(one(), "/set?name=cart&value=3", null).cookie();
		Answer login = get(two(), "/login", id);
		String moved = login.cookie();
		assertThat(moved).isNotNull().isNotEqualTo(id);
		assertThat(pool().store().find(id)).isNull();
		assertThat(get(one(), "/get?name=cart", moved).body()).isEqualTo("3");
		assertThat(get(one(), "/get?name=user", moved).body()).isEqualTo("ada");
		assertThat(get(two(), "/logout", moved).status()).isEqualTo(200);
		assertThat(pool().destroyed()).contains(moved);
		assertThat(pool().store().find(moved)).isNull();
		assertThat(get(one(), "/get?name=user", moved).body()).isEqualTo("none");
	}

	@Test
	public void anAttributeThatCannotBeSharedFailsTheRequestNamingItAndTheSessionKeepsTheRest() throws Exception {
		String id = get(one(), "/set?name=user&value=ada", null).cookie();
		Answer direct = get(two(), "/bad", id);
		assertThat(direct.status()).isEqualTo(500);
		assertThat(direct.body()).contains("'socket'").contains("java.lang.Object");
		Answer nested = get(two(), "/nested-bad", id);
		assertThat(nested.status()).isEqualTo(500);
		assertThat(get(one(), "/get?name=user", id).body()).isEqualTo("ada");
		assertThat(get(one(), "/get?name=holder", id).body()).isEqualTo("none");
		assertThat(get(two(), "/get?name=holder", id).body()).isEqualTo("none");
	}

	@Test
	public void anAsynchronousRequestIsSavedWhenItCompletes() throws Exception {
		String id = get(one(), "/set?name=user&value=ada", null).cookie();
		assertThat(get(two(), "/async?value=later", id).status()).isEqualTo(200);
		assertThat(get(one(), "/get?name=async", id).body()).isEqualTo("later");
	}

	@Test
	public void aRequestThatOnlyReadsCostsNoSave() throws Exception {
		String id = get(one(), "/set?name=user&value=ada", null).cookie();
		pool().calls().clear();
		for (int i = 0; i < 10; i++) {
			assertThat(get((i % 2 == 0) ? one() : two(), "/get?name=user", id).body()).isEqualTo("ada");
		}
		// one find by each worker, then each answers from its copy
		assertThat(pool().calls()).containsExactly(SessionCall.Op.FIND, SessionCall.Op.FIND);
	}

	protected final int one() {
		return pool().one();
	}

	protected final int two() {
		return pool().two();
	}

	protected final Answer get(int port, String path, @Nullable String session) throws Exception {
		return pool().get(port, path, session);
	}

}
