package io.github.clustermaster.locks;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalClusterLocks}, the standalone locks, and {@link ClusterLockProvider}
 * over them.
 */
class LocalClusterLocksTests {

	private final Clock clock = new Clock();

	private final LocalClusterLocks locks = new LocalClusterLocks(this.clock);

	@Test
	void aLockIsHeldByOneUntilClosed() {
		ClusterLock lock = this.locks.tryLock("export", Duration.ofSeconds(1)).orElseThrow();
		assertThat(this.locks.tryLock("export", Duration.ofSeconds(1))).isEmpty();
		this.clock.now = this.clock.now.plusSeconds(60);
		assertThat(lock.isValid()).as("no process to lose standalone: no expiry").isTrue();
		lock.close();
		lock.close();
		assertThat(lock.isValid()).isFalse();
		assertThat(this.locks.tryLock("export", Duration.ofSeconds(1))).isPresent();
	}

	@Test
	void aLockTakenAtMostForAGivenTimeIsFreedThen() {
		ClusterLock lock = this.locks.tryLockAtMost("report", Duration.ofSeconds(5)).orElseThrow();
		this.clock.now = this.clock.now.plusSeconds(5);
		assertThat(lock.isValid()).isFalse();
		assertThat(this.locks.tryLock("report", Duration.ofSeconds(5))).isPresent();
	}

	@Test
	void aLockClosedWithADelayKeepsOthersOutUntilThen() {
		ClusterLock lock = this.locks.tryLock("report", Duration.ofSeconds(5)).orElseThrow();
		lock.closeAfter(Duration.ofSeconds(2));
		assertThat(lock.isValid()).isFalse();
		assertThat(this.locks.tryLock("report", Duration.ofSeconds(5))).isEmpty();
		this.clock.now = this.clock.now.plusSeconds(2);
		assertThat(this.locks.tryLock("report", Duration.ofSeconds(5))).isPresent();
	}

	@Test
	void runExclusivelyRunsOnlyWhenTheLockIsFree() {
		ClusterLock held = this.locks.tryLock("job", Duration.ofSeconds(5)).orElseThrow();
		assertThat(this.locks.runExclusively("job", Duration.ofSeconds(5), () -> {
		})).isFalse();
		held.close();
		boolean[] ran = new boolean[1];
		assertThat(this.locks.runExclusively("job", Duration.ofSeconds(5), () -> ran[0] = true)).isTrue();
		assertThat(ran[0]).isTrue();
		assertThat(this.locks.tryLock("job", Duration.ofSeconds(5))).as("released after the task").isPresent();
	}

	@Test
	void shedLocksLockAtLeastForKeepsTheLockAfterUnlock() {
		ClusterLockProvider provider = new ClusterLockProvider(this.locks);
		// ShedLock's own clock (milliseconds), as its LockConfiguration is made in use: an Instant.now()
		// with microseconds can lie after the provider's "now" and leave a lock standing for a moment.
		Instant created = ClockProvider.now();
		LockConfiguration configuration = new LockConfiguration(created, "job", Duration.ofHours(2),
				Duration.ofHours(1));
		Optional<SimpleLock> lock = provider.lock(configuration);
		assertThat(lock).isPresent();
		assertThat(provider.lock(configuration)).isEmpty();
		lock.get().unlock();
		assertThat(provider.lock(configuration)).as("lockAtLeastFor one hour").isEmpty();
		LockConfiguration other = new LockConfiguration(created, "other", Duration.ofSeconds(30), Duration.ZERO);
		provider.lock(other).orElseThrow().unlock();
		assertThat(provider.lock(other)).as("no lockAtLeastFor: free at unlock").isPresent();
	}

	static final class Clock implements InstantSource {

		Instant now = Instant.parse("2026-12-07T04:00:00Z");

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
