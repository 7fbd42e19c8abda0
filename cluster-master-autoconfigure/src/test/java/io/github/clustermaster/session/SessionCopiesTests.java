package io.github.clustermaster.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.clustermaster.ipc.SessionData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionCopies}.
 */
class SessionCopiesTests {

	private final AtomicLong nanos = new AtomicLong();

	private final SessionCopies copies = new SessionCopies(this.nanos::get);

	@Test
	void aCopyIsAnsweredUntilItsLifetimeEnds() {
		this.copies.keep(session("s1", 1800), this.copies.epoch());
		assertThat(this.copies.get("s1")).isNotNull();
		this.nanos.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.copies.get("s1")).isNotNull();
		this.nanos.addAndGet(1);
		assertThat(this.copies.get("s1")).isNull();
		assertThat(this.copies.size()).isZero();
	}

	@Test
	void anInvalidationDropsTheNamedCopiesOrAll() {
		this.copies.keep(session("s1", 60), this.copies.epoch());
		this.copies.keep(session("s2", 60), this.copies.epoch());
		this.copies.keep(session("s3", 60), this.copies.epoch());
		this.copies.invalidate(List.of("s1", "nope"));
		assertThat(this.copies.get("s1")).isNull();
		assertThat(this.copies.get("s2")).isNotNull();
		this.copies.invalidate(List.of());
		assertThat(this.copies.size()).isZero();
	}

	@Test
	void anAnswerToAFindSentBeforeAnInvalidationIsNotKept() {
		long before = this.copies.epoch();
		this.copies.invalidate(List.of("other"));
		this.copies.keep(session("s1", 60), before);
		assertThat(this.copies.get("s1")).as("it may predate the change").isNull();
		this.copies.keep(session("s1", 60), this.copies.epoch());
		assertThat(this.copies.get("s1")).isNotNull();
	}

	@Test
	void theCopiesAreBounded() {
		for (int i = 0; i < SessionCopies.MAX_COPIES; i++) {
			this.copies.keep(session("s" + i, 60), this.copies.epoch());
		}
		assertThat(this.copies.size()).isEqualTo(SessionCopies.MAX_COPIES);
		this.nanos.addAndGet(Duration.ofSeconds(6).toNanos());
		this.copies.keep(session("young", 60), this.copies.epoch());
		assertThat(this.copies.size()).as("the old ones went").isOne();
		for (int i = 1; i < SessionCopies.MAX_COPIES; i++) {
			this.copies.keep(session("t" + i, 60), this.copies.epoch());
		}
		this.copies.keep(session("last", 60), this.copies.epoch());
		assertThat(this.copies.size()).as("none old enough: all went").isOne();
	}

	private static FoundSession session(String id, long maxInactiveSeconds) {
		return new FoundSession(new SessionData(id, 1, 1, maxInactiveSeconds, Map.of("a", new byte[] { 1 })));
	}

}
