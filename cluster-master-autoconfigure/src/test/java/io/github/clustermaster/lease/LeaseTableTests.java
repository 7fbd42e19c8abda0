package io.github.clustermaster.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LeaseTable}.
 */
class LeaseTableTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private final FakeClock clock = new FakeClock();

	private final LeaseTable table = new LeaseTable(this.clock);

	@Test
	void aFreeLeaseIsGrantedForItsTimeToLive() {
		LeaseAnswer answer = this.table.acquire(1, 101, "scheduling", TTL);
		assertThat(answer).isEqualTo(new LeaseAnswer(true, 1, this.clock.start.plus(TTL)));
		assertThat(this.table.leases())
			.containsExactly(new LeaseInfo("scheduling", 1, 101, this.clock.start, this.clock.start.plus(TTL)));
	}

	@Test
	void aMasterStartedByAnUpgradeGrantsNothingUntilTheOldMasterHasExited() {
		java.util.concurrent.CompletableFuture<Void> oldMasterExited = new java.util.concurrent.CompletableFuture<>();
		this.table.withholdUntil(oldMasterExited);
		assertThat(this.table.acquire(1, 101, "scheduling", TTL)).isEqualTo(new LeaseAnswer(false, 0, this.clock.start));
		assertThat(this.table.leases()).isEmpty();
		oldMasterExited.complete(null);
		assertThat(this.table.acquire(1, 101, "scheduling", TTL).granted()).isTrue();
	}

	@Test
	void aHeldLeaseIsRefusedNamingItsHolderAndUntilWhen() {
		this.table.acquire(1, 101, "scheduling", TTL);
		this.clock.advance(Duration.ofSeconds(4));
		assertThat(this.table.acquire(2, 102, "scheduling", TTL))
			.isEqualTo(new LeaseAnswer(false, 1, this.clock.start.plus(TTL)));
	}

	@Test
	void otherNamesAreIndependent() {
		this.table.acquire(1, 101, "a", TTL);
		assertThat(this.table.acquire(2, 102, "b", TTL).granted()).isTrue();
		assertThat(this.table.leases()).extracting(LeaseInfo::name, LeaseInfo::holder)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a", 1), org.assertj.core.groups.Tuple.tuple("b", 2));
	}

	@Test
	void theHolderRenewsFromNow() {
		this.table.acquire(1, 101, "scheduling", TTL);
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.table.acquire(1, 101, "scheduling", TTL).until()).isEqualTo(this.clock.now.plus(TTL));
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.table.acquire(2, 102, "scheduling", TTL).granted()).as("renewed 9 s ago").isFalse();
	}

	@Test
	void aLeaseNotRenewedWithinItsTimeToLiveExpiresAndGoesToTheNextWorker() {
		this.table.acquire(1, 101, "scheduling", TTL);
		this.clock.advance(TTL.minusMillis(1));
		assertThat(this.table.acquire(2, 102, "scheduling", TTL).granted()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.table.leases()).isEmpty();
		assertThat(this.table.acquire(2, 102, "scheduling", TTL).granted()).isTrue();
		assertThat(this.table.acquire(1, 101, "scheduling", TTL))
			.as("the old holder's late renewal is refused")
			.isEqualTo(new LeaseAnswer(false, 2, this.clock.now.plus(TTL)));
	}

	@Test
	void aReleasedLeaseIsFreeAtOnce() {
		this.table.acquire(1, 101, "scheduling", TTL);
		assertThat(this.table.release(2, "scheduling")).as("not its holder").isFalse();
		assertThat(this.table.release(1, "scheduling")).isTrue();
		assertThat(this.table.acquire(2, 102, "scheduling", TTL).granted()).isTrue();
	}

	@Test
	void aClosedConnectionFreesEveryLeaseOfItsWorker() {
		this.table.acquire(1, 101, "a", TTL);
		this.table.acquire(1, 101, "b", TTL);
		this.table.acquire(2, 102, "c", TTL);
		assertThat(this.table.disconnected(1)).containsExactly("a", "b");
		assertThat(this.table.leases()).extracting(LeaseInfo::name).containsExactly("c");
		assertThat(this.table.acquire(3, 103, "a", TTL).granted()).isTrue();
	}

	@Test
	void aWorkerAskedToStopGetsNoNewLeaseAndItsLeasesAreNotExtended() {
		this.table.acquire(1, 101, "a", TTL);
		this.table.retire(1);
		assertThat(this.table.acquire(1, 101, "b", TTL).granted()).isFalse();
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(this.table.acquire(1, 101, "a", TTL))
			.as("still its own, but not for longer")
			.isEqualTo(new LeaseAnswer(true, 1, this.clock.start.plus(TTL)));
		assertThat(this.table.acquire(2, 102, "a", TTL).granted()).isFalse();
		assertThat(this.table.release(1, "a")).isTrue();
		assertThat(this.table.acquire(2, 102, "a", TTL).granted()).isTrue();
	}

	@Test
	void aLeaseKeptAfterItsWorkStandsUntilThenAndCannotBeRenewed() {
		this.table.acquire(1, 101, "job", TTL);
		assertThat(this.table.releaseAfter(1, "job", Duration.ofSeconds(2))).isTrue();
		assertThat(this.table.acquire(1, 101, "job", TTL).granted()).as("not even by its holder").isFalse();
		assertThat(this.table.acquire(2, 102, "job", TTL).granted()).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.table.acquire(2, 102, "job", TTL).granted()).isTrue();
	}

	@Test
	void namesAndTimesToLiveOutOfBoundsAreRefusedNamingTheLease() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.acquire(1, 101, " ", TTL))
			.withMessageContaining("name of 1 to 200 characters");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.table.acquire(1, 101, "job", Duration.ofMillis(10)))
			.withMessage("The time to live of lease 'job' must be between 500 ms and 24 h, got 10 ms");
	}

	static final class FakeClock implements InstantSource {

		final Instant start = Instant.parse("2026-12-07T04:00:00Z");

		Instant now = this.start;

		@Override
		public Instant instant() {
			return this.now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

	}

}
