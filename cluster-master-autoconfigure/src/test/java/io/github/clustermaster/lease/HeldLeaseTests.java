package io.github.clustermaster.lease;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeldLease}: the holder's side of the rule that keeps two holders apart.
 */
class HeldLeaseTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private final LeaseTableTests.FakeClock clock = new LeaseTableTests.FakeClock();

	@Test
	void theHolderCountsItsLeaseFromWhenItSentTheRequestLessAMargin() {
		Instant sentAt = this.clock.now;
		this.clock.advance(Duration.ofMillis(300));
		HeldLease lease = new HeldLease("scheduling", TTL, sentAt, this.clock);
		assertThat(lease.validUntil()).isEqualTo(sentAt.plusSeconds(9));
		this.clock.advance(Duration.ofMillis(8699));
		assertThat(lease.isValid()).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(lease.isValid()).isFalse();
	}

	@Test
	void theHolderStopsBeforeTheMasterFreesTheLeaseHoweverLateTheGrant() {
		LeaseTable master = new LeaseTable(this.clock);
		Instant sentAt = this.clock.now;
		this.clock.advance(Duration.ofSeconds(2));
		LeaseAnswer answer = master.acquire(1, 101, "scheduling", TTL);
		this.clock.advance(Duration.ofSeconds(1));
		HeldLease lease = new HeldLease("scheduling", TTL, sentAt, this.clock);
		assertThat(lease.validUntil()).isBefore(answer.until());
		assertThat(Duration.between(lease.validUntil(), answer.until())).isEqualTo(Duration.ofSeconds(3));
		this.clock.now = lease.validUntil();
		assertThat(lease.isValid()).isFalse();
		assertThat(master.acquire(2, 102, "scheduling", TTL).granted()).as("the master still holds it").isFalse();
	}

	@Test
	void aRenewalCountsFromWhenItWasSent() {
		HeldLease lease = new HeldLease("scheduling", TTL, this.clock.now, this.clock);
		this.clock.advance(Duration.ofSeconds(3));
		Instant sentAt = this.clock.now;
		this.clock.advance(Duration.ofSeconds(2));
		lease.renewed(sentAt);
		assertThat(lease.validUntil()).isEqualTo(sentAt.plusSeconds(9));
	}

	@Test
	void aLateRenewalRevivesNothing() {
		HeldLease lease = new HeldLease("scheduling", TTL, this.clock.now, this.clock);
		Instant sentAt = this.clock.now.plusSeconds(8);
		this.clock.advance(Duration.ofSeconds(9));
		lease.renewed(sentAt);
		assertThat(lease.isValid()).isFalse();
	}

	@Test
	void anEndedLeaseIsNeverValidAgain() {
		HeldLease lease = new HeldLease("scheduling", TTL, this.clock.now, this.clock);
		lease.end();
		lease.renewed(this.clock.now);
		assertThat(lease.isValid()).isFalse();
		assertThat(lease.isEnded()).isTrue();
	}

	@Test
	void theDefaultsRenewEveryThreeSecondsWithAOneSecondMargin() {
		assertThat(LeaseTerms.renewInterval(LeaseTerms.SCHEDULING_TTL)).isEqualTo(Duration.ofSeconds(3));
		assertThat(LeaseTerms.margin(LeaseTerms.SCHEDULING_TTL)).isEqualTo(Duration.ofSeconds(1));
		assertThat(LeaseTerms.margin(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(100));
	}

}
