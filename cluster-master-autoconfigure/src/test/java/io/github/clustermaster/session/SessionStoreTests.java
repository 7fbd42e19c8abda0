package io.github.clustermaster.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.ipc.SessionData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SessionStore}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionStoreTests {

	private final AtomicLong now = new AtomicLong(1_000_000);

	private final SessionStore store = new SessionStore(DataSize.ofKilobytes(64), this.now::get);

	@Test
	void aSavedSessionIsFoundWithItsAttributes() {
		this.store.save(save("s1", null, Map.of("user", bytes(10)), List.of()));
		SessionData found = this.store.find("s1");
		assertThat(found).isNotNull();
		assertThat(found.attributes()).containsOnlyKeys("user");
		assertThat(found.creationTime()).isEqualTo(500);
		assertThat(found.maxInactiveSeconds()).isEqualTo(60);
	}

	@Test
	void aSaveAppliesOnlyWhatChanged() {
		this.store.save(save("s1", null, Map.of("a", bytes(1), "b", bytes(2)), List.of()));
		this.store.save(save("s1", null, Map.of("c", bytes(3)), List.of("a")));
		assertThat(this.store.find("s1").attributes()).containsOnlyKeys("b", "c");
	}

	@Test
	void aSessionExpiresAfterItsMaxInactiveIntervalWithoutUse() {
		this.store.save(save("s1", null, Map.of("a", bytes(1)), List.of()));
		this.now.addAndGet(59_000);
		assertThat(this.store.find("s1")).isNotNull();
		this.now.addAndGet(59_000);
		assertThat(this.store.find("s1")).as("a find marks it used").isNotNull();
		this.now.addAndGet(60_000);
		assertThat(this.store.find("s1")).isNull();
		assertThat(this.store.stats().expired()).isEqualTo(1);
		assertThat(this.store.stats().sessions()).isZero();
		assertThat(this.store.stats().bytes()).isZero();
	}

	@Test
	void expiredSessionsAreSweptWithoutBeingAskedFor() {
		this.store.save(save("s1", null, Map.of("a", bytes(1)), List.of()));
		this.now.addAndGet(61_000);
		assertThat(this.store.stats().sessions()).isZero();
	}

	@Test
	void aSessionWithoutMaxInactiveIntervalNeverExpires() {
		this.store.save(new SessionCall(SessionCall.Op.SAVE, "s1", null, 500, 0, Map.of(), List.of()));
		this.now.addAndGet(365L * 24 * 3600 * 1000);
		assertThat(this.store.find("s1")).isNotNull();
	}

	@Test
	void changingTheIdMovesTheSessionAndItsAttributes() {
		this.store.save(save("old", null, Map.of("a", bytes(1)), List.of()));
		this.store.save(save("new", "old", Map.of("b", bytes(2)), List.of()));
		assertThat(this.store.find("old")).isNull();
		assertThat(this.store.find("new").attributes()).containsOnlyKeys("a", "b");
		assertThat(this.store.stats().sessions()).isEqualTo(1);
	}

	@Test
	void bytesCountAttributesNamesIdsAndAnOverheadPerSession() {
		this.store.save(save("s1", null, Map.of("ab", bytes(100)), List.of()));
		long expected = SessionStore.SESSION_OVERHEAD + 2 * 2 + SessionStore.ATTRIBUTE_OVERHEAD + 2 * 2 + 100;
		assertThat(this.store.stats().bytes()).isEqualTo(expected);
		this.store.save(save("s1", null, Map.of("ab", bytes(50)), List.of()));
		assertThat(this.store.stats().bytes()).isEqualTo(expected - 50);
		this.store.delete("s1");
		assertThat(this.store.stats().bytes()).isZero();
	}

	@Test
	void theLeastRecentlyUsedSessionIsEvictedWithALogLineWhenTheStoreIsFull(CapturedOutput output) {
		for (int i = 0; i < 6; i++) {
			this.store.save(save("s" + i, null, Map.of("a", bytes(10_000)), List.of()));
		}
		this.store.find("s0");
		this.store.save(save("s6", null, Map.of("a", bytes(10_000)), List.of()));
		assertThat(this.store.find("s1")).as("least recently used").isNull();
		assertThat(this.store.find("s0")).as("used since").isNotNull();
		assertThat(this.store.find("s6")).isNotNull();
		SessionStoreStats stats = this.store.stats();
		assertThat(stats.bytes()).isLessThanOrEqualTo(stats.maxBytes());
		assertThat(stats.evicted()).isEqualTo(1);
		assertThat(output).contains("Evicted the least recently used session")
			.contains("cluster.master.sessions.max-bytes=64.0KB");
	}

	@Test
	void aSessionLargerThanTheStoreIsRefusedAndNothingChanges() {
		this.store.save(save("s1", null, Map.of("a", bytes(10)), List.of()));
		long before = this.store.stats().bytes();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.save(save("s1", null, Map.of("big", bytes(70_000)), List.of())))
			.withMessageContaining("cluster.master.sessions.max-bytes");
		assertThat(this.store.find("s1").attributes()).containsOnlyKeys("a");
		assertThat(this.store.stats().bytes()).isEqualTo(before);
	}

	@Test
	void concurrentSavesOfDifferentAttributesAllLand() throws Exception {
		SessionStore large = new SessionStore(DataSize.ofMegabytes(16), this.now::get);
		large.save(save("s", null, Map.of(), List.of()));
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> saves = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				String name = "a" + i;
				saves.add(threads.submit(() -> large.save(save("s", null, Map.of(name, bytes(8)), List.of()))));
			}
			for (Future<?> save : saves) {
				save.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(large.find("s").attributes()).hasSize(400);
		long expected = SessionStore.SESSION_OVERHEAD + 2 + 400L * (SessionStore.ATTRIBUTE_OVERHEAD + 8);
		for (int i = 0; i < 400; i++) {
			expected += 2L * ("a" + i).length();
		}
		assertThat(large.stats().bytes()).isEqualTo(expected);
	}

	@Test
	void aSnapshotRestoresIntoAnotherStoreKeepingWhatThatStoreHas() {
		this.store.save(save("s1", null, Map.of("a", bytes(1)), List.of()));
		this.store.save(save("s2", null, Map.of("a", bytes(2)), List.of()));
		SessionStore next = new SessionStore(DataSize.ofKilobytes(64), this.now::get);
		next.save(save("s2", null, Map.of("b", bytes(3)), List.of()));
		assertThat(next.restore(this.store.snapshot())).isEqualTo(1);
		assertThat(next.find("s1").attributes()).containsOnlyKeys("a");
		assertThat(next.find("s2").attributes()).containsOnlyKeys("b");
	}

	@Test
	void aSaveOrDeleteNamesTheOtherWorkersThatFoundTheSessionAndMayKeepACopy() {
		this.store.save(save("s1", null, Map.of("a", bytes(1)), List.of()));
		assertThat(this.store.answer(2, SessionCall.find("s1")).cacheable()).isTrue();
		assertThat(this.store.answer(3, SessionCall.find("s1")).cacheable()).isTrue();
		assertThat(this.store.answer(0, SessionCall.find("s1")).cacheable()).as("another master's link").isFalse();
		assertThat(this.store.answer(2, save("s1", null, Map.of("a", bytes(2)), List.of())).stale())
			.as("the saver's own copy is its own business").containsExactly(3);
		assertThat(this.store.answer(2, save("s1", null, Map.of("a", bytes(3)), List.of())).stale())
			.as("nobody found it since").isEmpty();
		this.store.answer(3, SessionCall.find("s1"));
		assertThat(this.store.answer(2, save("s2", "s1", Map.of(), List.of())).stale())
			.as("a new id: the copies under the old one").containsExactly(3);
		this.store.answer(4, SessionCall.find("s2"));
		assertThat(this.store.answer(2, SessionCall.delete("s2")).stale()).containsExactly(4);
		assertThat(this.store.answer(2, SessionCall.find("s2")).session()).isNull();
	}

	@Test
	void aSessionThatWorkersKeepCopiesOfExpiresACopysLifetimeLateNeverEarly() {
		this.store.save(save("s1", null, Map.of("a", bytes(1)), List.of()));
		this.store.answer(2, SessionCall.find("s1"));
		// The worker answered requests from its copy for up to 5 s after this find
		this.now.addAndGet(60_000 + 4_000);
		assertThat(this.store.find("s1")).isNotNull();
		this.now.addAndGet(60_000 + 5_000);
		assertThat(this.store.find("s1")).isNull();
	}

	@Test
	void aCopyLivesFiveSecondsAtMostAndAQuarterOfAShortTimeout() {
		assertThat(SessionStore.copyLifetime(1800)).hasSeconds(5);
		assertThat(SessionStore.copyLifetime(0)).hasSeconds(5);
		assertThat(SessionStore.copyLifetime(8)).hasMillis(2000);
		assertThat(SessionStore.copyLifetime(1)).hasMillis(250);
	}

	private static SessionCall save(String id, String previousId, Map<String, byte[]> set, List<String> removed) {
		return new SessionCall(SessionCall.Op.SAVE, id, previousId, 500, 60, set, removed);
	}

	private static byte[] bytes(int length) {
		return new byte[length];
	}

}
