package io.github.clustermaster.session.servlet;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.clustermaster.session.InProcessStore;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PoolSessionRepository}, two "workers" over one store.
 */
class PoolSessionRepositoryTests {

	private final InProcessStore master = new InProcessStore();

	private final PoolSessionRepository worker1 = repository();

	private final PoolSessionRepository worker2 = repository();

	private PoolSessionRepository repository() {
		return new PoolSessionRepository(this.master.client(), new SessionAttributes(getClass().getClassLoader()),
				Duration.ofMinutes(30));
	}

	@Test
	void aSessionSavedByOneWorkerIsFoundByAnother() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("visits", 3);
		session.setAttribute("cart", new ArrayList<>(List.of("book")));
		this.worker1.save(session);
		PoolSession found = this.worker2.findById(session.getId());
		assertThat(found).isNotNull();
		assertThat((Integer) found.getAttribute("visits")).isEqualTo(3);
		assertThat((List<String>) found.getAttribute("cart")).containsExactly("book");
		assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
		assertThat(found.getCreationTime()).isEqualTo(session.getCreationTime().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
	}

	@Test
	void aRequestThatReadsItsSessionCostsOneCallAndOneThatChangesItOneMore() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("visits", 1);
		this.worker1.save(session);
		this.master.takeCalls();
		PoolSession read = this.worker2.findById(session.getId());
		read.getAttribute("visits");
		read.setLastAccessedTime(java.time.Instant.now());
		this.worker2.save(read);
		assertThat(this.master.takeCalls()).isEqualTo(1);
		PoolSession changed = this.worker2.findById(session.getId());
		changed.setAttribute("visits", 2);
		this.worker2.save(changed);
		this.worker2.save(changed);
		assertThat(this.master.takeCalls()).isEqualTo(2);
		assertThat((Integer) this.worker1.findById(session.getId()).getAttribute("visits")).isEqualTo(2);
	}

	@Test
	void anObjectChangedInPlaceIsSavedAsTomcatsInMemorySessionsWould() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("cart", new ArrayList<>(List.of("book")));
		this.worker1.save(session);
		PoolSession read = this.worker2.findById(session.getId());
		List<String> cart = read.getAttribute("cart");
		cart.add("pen");
		this.worker2.save(read);
		assertThat((List<String>) this.worker1.findById(session.getId()).getAttribute("cart")).containsExactly("book",
				"pen");
	}

	@Test
	void aChangedIdMovesTheSessionWithItsAttributes() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("csrf", "token");
		this.worker1.save(session);
		String oldId = session.getId();
		PoolSession found = this.worker2.findById(oldId);
		String newId = found.changeSessionId();
		found.setAttribute("user", "alice");
		this.worker2.save(found);
		assertThat(this.worker1.findById(oldId)).isNull();
		PoolSession moved = this.worker1.findById(newId);
		assertThat(moved.getAttributeNames()).containsExactlyInAnyOrder("csrf", "user");
	}

	@Test
	void removedAttributesAndDeletedSessionsAreGoneForEveryWorker() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("a", "1");
		session.setAttribute("b", "2");
		this.worker1.save(session);
		PoolSession found = this.worker2.findById(session.getId());
		found.removeAttribute("a");
		this.worker2.save(found);
		assertThat(this.worker1.findById(session.getId()).getAttributeNames()).containsExactly("b");
		this.worker1.deleteById(session.getId());
		assertThat(this.worker2.findById(session.getId())).isNull();
	}

	@Test
	void aNotSerializableAttributeIsRefusedWhenItIsSetNamingItAndItsClass() {
		PoolSession session = this.worker1.createSession();
		assertThatExceptionOfType(NotSerializableAttributeException.class)
			.isThrownBy(() -> session.setAttribute("connection", new Object()))
			.withMessageContaining("'connection'")
			.withMessageContaining("java.lang.Object")
			.withMessageContaining("cluster.master.sessions.enabled=false");
	}

	@Test
	void aSerializableAttributeHoldingOneThatIsNotIsRefusedWhenSavedNamingBoth() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("holder", new Holder());
		assertThatExceptionOfType(NotSerializableAttributeException.class).isThrownBy(() -> this.worker1.save(session))
			.withMessageContaining("'holder'")
			.withMessageContaining(Holder.class.getName())
			.withMessageContaining("java.lang.Thread");
	}

	@Test
	void aSessionTooLargeForTheStoreFailsTheSaveWithTheStoresReason() {
		PoolSession session = this.worker1.createSession();
		session.setAttribute("big", new byte[2 * 1024 * 1024]);
		assertThatExceptionOfType(SessionStoreException.class).isThrownBy(() -> this.worker1.save(session))
			.withMessageContaining("cluster.master.sessions.max-bytes");
	}

	@Test
	void throughSpringSessionsFilterASessionCreatedOnOneWorkerIsUsedOnTheOther() throws Exception {
		SessionRepositoryFilter<PoolSession> filter1 = filter(this.worker1);
		SessionRepositoryFilter<PoolSession> filter2 = filter(this.worker2);
		MockHttpServletResponse first = new MockHttpServletResponse();
		filter1.doFilter(new MockHttpServletRequest("GET", "/"), first,
				(request, response) -> ((jakarta.servlet.http.HttpServletRequest) request).getSession()
					.setAttribute("visits", 1));
		Cookie cookie = first.getCookie("JSESSIONID");
		assertThat(cookie).isNotNull();
		MockHttpServletRequest second = new MockHttpServletRequest("GET", "/");
		second.setCookies(cookie);
		Object[] seen = new Object[1];
		filter2.doFilter(second, new MockHttpServletResponse(), (request, response) -> {
			HttpSession session = ((jakarta.servlet.http.HttpServletRequest) request).getSession(false);
			seen[0] = (session != null) ? session.getAttribute("visits") : null;
		});
		assertThat(seen[0]).isEqualTo(1);
	}

	private static SessionRepositoryFilter<PoolSession> filter(PoolSessionRepository repository) {
		SessionRepositoryFilter<PoolSession> filter = new SessionRepositoryFilter<>(repository);
		CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
		DefaultCookieSerializer serializer = new DefaultCookieSerializer();
		serializer.setCookieName("JSESSIONID");
		resolver.setCookieSerializer(serializer);
		filter.setHttpSessionIdResolver(resolver);
		return filter;
	}

	static final class Holder implements Serializable {

		private static final long serialVersionUID = 1L;

		@SuppressWarnings("unused")
		private final Object thread = Thread.currentThread();

	}

}
