package io.github.clustermaster.session.jetty;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.session.FoundSession;
import io.github.clustermaster.session.InProcessStore;
import io.github.clustermaster.session.NotSerializableAttributeException;
import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import io.github.clustermaster.session.SessionStoreException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PoolSessionData}: what a save sends, over a store in the test's JVM.
 */
class PoolSessionDataTests {

	private final InProcessStore store = new InProcessStore();

	private final SessionStoreClient client = this.store.client();

	private final SessionAttributes codec = new SessionAttributes(getClass().getClassLoader());

	@Test
	void aNewSessionIsSavedAndThenASaveWithNothingChangedSendsNothing() {
		PoolSessionData data = new PoolSessionData(this.codec, "s1", "/", "0.0.0.0", 1000, 1_800_000);
		data.setAttribute("user", "ada");
		data.save(this.client);
		assertThat(this.store.takeCalls()).isOne();
		assertThat(this.store.store().find("s1").maxInactiveSeconds()).isEqualTo(1800);
		PoolSessionData found = found("s1");
		assertThat(found.getAttribute("user")).isEqualTo("ada");
		found.save(this.client);
		assertThat(this.store.takeCalls()).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aValueReadAndChangedInPlaceIsSaved() {
		PoolSessionData data = new PoolSessionData(this.codec, "s2", "/", "0.0.0.0", 1000, 1_800_000);
		data.setAttribute("list", new ArrayList<>(List.of("a")));
		data.save(this.client);
		PoolSessionData found = found("s2");
		((List<String>) found.getAttribute("list")).add("b");
		found.save(this.client);
		assertThat(found("s2").getAttribute("list")).isEqualTo(List.of("a", "b"));
	}

	@Test
	void aNewIdMovesTheSessionAndARemovedAttributeGoes() {
		PoolSessionData data = new PoolSessionData(this.codec, "s3", "/", "0.0.0.0", 1000, 1_800_000);
		data.setAttribute("user", "ada");
		data.setAttribute("cart", "3");
		data.save(this.client);
		PoolSessionData found = found("s3");
		found.setId("s3-new");
		found.setAttribute("cart", null);
		found.save(this.client);
		assertThat(this.store.store().find("s3")).isNull();
		assertThat(found("s3-new").getKeys()).containsExactly("user");
	}

	@Test
	void aValueHoldingWhatCannotBeSerializedFailsWhereItIsSetNamingItAndIsNotKept() {
		PoolSessionData data = new PoolSessionData(this.codec, "s4", "/", "0.0.0.0", 1000, 1_800_000);
		List<Object> holder = new ArrayList<>();
		holder.add(new Object());
		assertThatExceptionOfType(NotSerializableAttributeException.class)
			.isThrownBy(() -> data.setAttribute("holder", (Serializable) holder))
			.withMessageContaining("'holder'")
			.withMessageContaining("java.lang.Object");
		assertThat(data.getKeys()).isEmpty();
	}

	@Test
	void aSaveTheStoreDidNotTakeIsSentByTheNextSave() {
		AtomicBoolean down = new AtomicBoolean(true);
		SessionStoreClient flaky = new SessionStoreClient((call) -> down.get()
				? CompletableFuture.<Frame.SessionReply>failedFuture(new IllegalStateException("master gone"))
				: this.client.callAsync(call).thenApply((session) -> new Frame.SessionReply(1, session, null)));
		PoolSessionData data = new PoolSessionData(this.codec, "s5", "/", "0.0.0.0", 1000, 1_800_000);
		data.setAttribute("user", "ada");
		assertThatExceptionOfType(SessionStoreException.class).isThrownBy(() -> data.save(flaky));
		down.set(false);
		data.save(flaky);
		assertThat(found("s5").getAttribute("user")).isEqualTo("ada");
	}

	private PoolSessionData found(String id) {
		return new PoolSessionData(this.codec, new FoundSession(this.store.store().find(id)), "/", "0.0.0.0");
	}

}
