package io.github.clustermaster.session.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.clustermaster.session.InProcessStore;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.web.server.WebSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PoolWebSessionStore}, two "workers" over one store.
 */
class PoolWebSessionStoreTests {

	private final InProcessStore master = new InProcessStore();

	private final PoolWebSessionStore worker1 = store();

	private final PoolWebSessionStore worker2 = store();

	private PoolWebSessionStore store() {
		return new PoolWebSessionStore(this.master.client(), new SessionAttributes(getClass().getClassLoader()),
				Duration.ofMinutes(20));
	}

	@Test
	void aSessionSavedByOneWorkerIsRetrievedByAnother() {
		WebSession session = this.worker1.createWebSession().block();
		session.getAttributes().put("visits", 4);
		session.save().block();
		WebSession found = this.worker2.retrieveSession(session.getId()).block();
		assertThat(found).isNotNull();
		assertThat(found.<Integer>getAttribute("visits")).isEqualTo(4);
		assertThat(found.getMaxIdleTime()).isEqualTo(Duration.ofMinutes(20));
		assertThat(found.isStarted()).isTrue();
	}

	@Test
	void anUnstartedSessionIsNotSavedAndAnUnchangedOneCostsNoSecondCall() {
		WebSession unused = this.worker1.createWebSession().block();
		unused.save().block();
		assertThat(this.master.takeCalls()).isZero();
		assertThat(this.worker2.retrieveSession(unused.getId()).blockOptional()).isEmpty();
		WebSession session = this.worker1.createWebSession().block();
		session.getAttributes().put("cart", new ArrayList<>(List.of("book")));
		session.save().block();
		this.master.takeCalls();
		WebSession found = this.worker2.retrieveSession(session.getId()).block();
		this.worker2.updateLastAccessTime(found).block();
		found.save().block();
		assertThat(this.master.takeCalls()).isEqualTo(1);
		found.<List<String>>getAttribute("cart").add("pen");
		found.save().block();
		assertThat(this.master.takeCalls()).isEqualTo(1);
		assertThat(this.worker1.retrieveSession(session.getId()).block().<List<String>>getAttribute("cart"))
			.containsExactly("book", "pen");
	}

	@Test
	void aChangedIdMovesTheSessionAndInvalidateRemovesIt() {
		WebSession session = this.worker1.createWebSession().block();
		session.getAttributes().put("a", "1");
		session.save().block();
		String oldId = session.getId();
		WebSession found = this.worker2.retrieveSession(oldId).block();
		found.changeSessionId().block();
		found.save().block();
		assertThat(this.worker1.retrieveSession(oldId).blockOptional()).isEmpty();
		WebSession moved = this.worker1.retrieveSession(found.getId()).block();
		assertThat(moved.<String>getAttribute("a")).isEqualTo("1");
		moved.invalidate().block();
		assertThat(moved.isExpired()).isTrue();
		assertThat(this.worker2.retrieveSession(found.getId()).blockOptional()).isEmpty();
	}

	@Test
	void aNotSerializableAttributeIsRefusedWhenItIsPut() {
		WebSession session = this.worker1.createWebSession().block();
		assertThatExceptionOfType(NotSerializableAttributeException.class)
			.isThrownBy(() -> session.getAttributes().put("socket", new Object()))
			.withMessageContaining("'socket'")
			.withMessageContaining("java.lang.Object");
	}

}
