package io.github.clustermaster.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.SessionCall;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessionChanges}: what a save sends and what the store then holds, over
 * a store in the test's JVM.
 */
class SessionChangesTests {

	private final InProcessStore store = new InProcessStore();

	private final List<SessionCall> sent = new CopyOnWriteArrayList<>();

	private final AtomicBoolean down = new AtomicBoolean();

	private final SessionStoreClient client = recording(this.store.client());

	private final SessionAttributes codec = new SessionAttributes(getClass().getClassLoader());

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	@Test
	void aNewSessionIsAlwaysSavedAndThenNothingChangedSendsNothing() {
		SessionChanges changes = new SessionChanges(this.codec, null, SessionChanges.AfterFailure.DROP);
		assertThat(changes.save(this.client, saved("s1"), this.attributes, Set.of())).isTrue();
		assertThat(this.sent).singleElement().satisfies((call) -> {
			assertThat(call.op()).isEqualTo(SessionCall.Op.SAVE);
			assertThat(call.previousId()).isNull();
			assertThat(call.set()).isEmpty();
		});
		assertThat(changes.storedId()).isEqualTo("s1");
		assertThat(changes.save(this.client, saved("s1"), this.attributes, Set.of())).isFalse();
		assertThat(this.sent).hasSize(1);
	}

	@Test
	void aReadOnlySessionSendsNothing() {
		save("s2", Map.of("user", "ada", "list", new ArrayList<>(List.of("a"))));
		SessionChanges found = found("s2");
		assertThat(found.load("user", this.attributes)).isEqualTo("ada");
		assertThat(found.load("list", this.attributes)).isEqualTo(List.of("a"));
		assertThat(found.save(this.client, saved("s2"), this.attributes, Set.of("user", "list"))).isFalse();
		assertThat(this.sent).isEmpty();
		assertThat(found.names(this.attributes.keySet())).containsExactlyInAnyOrder("user", "list");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aValueReadAndChangedInPlaceIsSentOnlyWhenItIsChecked() {
		save("s3", Map.of("list", new ArrayList<>(List.of("a"))));
		SessionChanges found = found("s3");
		((List<String>) found.load("list", this.attributes)).add("b");
		assertThat(found.save(this.client, saved("s3"), this.attributes, Set.of())).isFalse();
		found.readElsewhere("list");
		assertThat(found.save(this.client, saved("s3"), this.attributes, Set.of())).isTrue();
		assertThat(this.sent).singleElement().satisfies((call) -> assertThat(call.set()).containsOnlyKeys("list"));
		assertThat(value("s3", "list")).isEqualTo(List.of("a", "b"));
		assertThat(found.save(this.client, saved("s3"), this.attributes, Set.of("list"))).isFalse();
	}

	@Test
	void anAttributeSetIsSerializedAtTheSaveOrSentAsSerializedWhenSet() {
		SessionChanges changes = new SessionChanges(this.codec, null, SessionChanges.AfterFailure.DROP);
		this.attributes.put("later", "x");
		changes.set("later");
		ArrayList<String> now = new ArrayList<>(List.of("a"));
		this.attributes.put("now", now);
		changes.set("now", now, this.codec.serialize("now", now));
		now.add("b");
		changes.save(this.client, saved("s4"), this.attributes, Set.of());
		assertThat(value("s4", "later")).isEqualTo("x");
		assertThat(value("s4", "now")).isEqualTo(List.of("a", "b"));
	}

	@Test
	void aNewIdMovesTheSessionAndARemovedAttributeGoes() {
		save("s5", Map.of("user", "ada", "cart", "3"));
		SessionChanges found = found("s5");
		found.removed("cart");
		assertThat(found.names(this.attributes.keySet())).containsExactly("user");
		found.save(this.client, saved("s5-new"), this.attributes, Set.of());
		assertThat(this.sent).singleElement().satisfies((call) -> {
			assertThat(call.previousId()).isEqualTo("s5");
			assertThat(call.removed()).containsExactly("cart");
		});
		assertThat(this.store.store().find("s5")).isNull();
		assertThat(this.store.store().find("s5-new").attributes()).containsOnlyKeys("user");
		assertThat(found.storedId()).isEqualTo("s5-new");
	}

	@Test
	void aTimeoutChangeIsSent() {
		save("s6", Map.of());
		SessionChanges found = found("s6");
		found.timeoutChanged();
		found.save(this.client, new SessionChanges.Saved("s6", 1000, 60), this.attributes, Set.of());
		assertThat(this.store.store().find("s6").maxInactiveSeconds()).isEqualTo(60);
		assertThat(found.save(this.client, new SessionChanges.Saved("s6", 1000, 60), this.attributes, Set.of()))
			.isFalse();
	}

	@Test
	void anAttributeThatCannotBeSerializedAtTheSaveIsDroppedAndTheRestSentByTheNextSave() {
		save("s7", Map.of("cart", "3"));
		SessionChanges found = found("s7");
		List<Object> holder = new ArrayList<>();
		holder.add(new Object());
		this.attributes.put("holder", holder);
		found.set("holder");
		this.attributes.put("user", "ada");
		found.set("user");
		found.removed("cart");
		assertThatExceptionOfType(NotSerializableAttributeException.class)
			.isThrownBy(() -> found.save(this.client, saved("s7"), this.attributes, Set.of()))
			.withMessageContaining("'holder'");
		assertThat(this.attributes).containsOnlyKeys("user");
		assertThat(found.save(this.client, saved("s7"), this.attributes, Set.of())).isTrue();
		assertThat(this.store.store().find("s7").attributes()).containsOnlyKeys("user");
	}

	@Test
	void aSaveTheStoreDidNotTakeIsSentAgainOrDroppedAsAsked() {
		SessionChanges again = new SessionChanges(this.codec, found("s8", Map.of()),
				SessionChanges.AfterFailure.SEND_AGAIN);
		SessionChanges dropped = new SessionChanges(this.codec, found("s9", Map.of()),
				SessionChanges.AfterFailure.DROP);
		this.attributes.put("user", "ada");
		again.set("user");
		dropped.set("user");
		this.down.set(true);
		assertThatExceptionOfType(SessionStoreException.class)
			.isThrownBy(() -> again.save(this.client, saved("s8"), this.attributes, Set.of()));
		assertThatExceptionOfType(SessionStoreException.class)
			.isThrownBy(() -> dropped.save(this.client, saved("s9"), this.attributes, Set.of()));
		this.down.set(false);
		assertThat(again.save(this.client, saved("s8"), this.attributes, Set.of())).isTrue();
		assertThat(value("s8", "user")).isEqualTo("ada");
		assertThat(dropped.save(this.client, saved("s9"), this.attributes, Set.of())).isFalse();
		assertThat(this.store.store().find("s9").attributes()).isEmpty();
	}

	@Test
	void concurrentSetsAndSavesLoseNothing() throws Exception {
		SessionChanges changes = new SessionChanges(this.codec, null, SessionChanges.AfterFailure.DROP);
		ExecutorService requests = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String name = "a" + i;
				done.add(requests.submit(() -> {
					this.attributes.put(name, name);
					changes.set(name);
					changes.save(this.client, saved("s10"), this.attributes, Set.of());
				}));
			}
			for (Future<?> each : done) {
				each.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			requests.shutdownNow();
		}
		assertThat(this.store.store().find("s10").attributes()).hasSize(200);
		assertThat(changes.save(this.client, saved("s10"), this.attributes, Set.of())).isFalse();
	}

	@Test
	void theSaveCallIsNoneOnlyWhenTheStoreHasTheSessionAndNothingChanged() {
		SessionChanges.Saved session = saved("s");
		assertThat(SessionChanges.saveCall("s", session, Map.of(), List.of(), false)).isNull();
		assertThat(SessionChanges.saveCall(null, session, Map.of(), List.of(), false)).isNotNull();
		assertThat(SessionChanges.saveCall("old", session, Map.of(), List.of(), false).previousId()).isEqualTo("old");
		assertThat(SessionChanges.saveCall("s", session, Map.of(), List.of("a"), false)).isNotNull();
		assertThat(SessionChanges.saveCall("s", session, Map.of("a", new byte[1]), List.of(), false)).isNotNull();
		assertThat(SessionChanges.saveCall("s", session, Map.of(), List.of(), true)).isNotNull();
	}

	private static SessionChanges.Saved saved(String id) {
		return new SessionChanges.Saved(id, 1000, 1800);
	}

	private void save(String id, Map<String, Object> values) {
		SessionChanges changes = new SessionChanges(this.codec, null, SessionChanges.AfterFailure.DROP);
		Map<String, Object> attributes = new ConcurrentHashMap<>(values);
		values.keySet().forEach(changes::set);
		changes.save(this.client, saved(id), attributes, Set.of());
		this.sent.clear();
	}

	private SessionChanges found(String id) {
		return new SessionChanges(this.codec, new FoundSession(this.store.store().find(id)),
				SessionChanges.AfterFailure.DROP);
	}

	private FoundSession found(String id, Map<String, Object> values) {
		save(id, values);
		return new FoundSession(this.store.store().find(id));
	}

	private @Nullable Object value(String id, String name) {
		return new FoundSession(this.store.store().find(id)).attribute(name, this.codec);
	}

	private SessionStoreClient recording(SessionStoreClient inner) {
		return new SessionStoreClient((call) -> {
			if (this.down.get()) {
				return CompletableFuture.failedFuture(new IllegalStateException("master gone"));
			}
			this.sent.add(call);
			return inner.callAsync(call).thenApply((session) -> new Frame.SessionReply(1, session, null));
		});
	}

}
