package io.github.clustermaster.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.lease.LeaseInfo;
import io.github.clustermaster.lease.LeaseTerms;
import io.github.clustermaster.locks.ClusterLock;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WorkerLeases} and {@link LeaseCandidate}: two workers' leases against a
 * real master's IPC server.
 */
class WorkerLeasesTests {

	private IpcServer server;

	private MasterConnection oneConnection;

	private MasterConnection twoConnection;

	private WorkerLeases one;

	private WorkerLeases two;

	@BeforeEach
	void connect() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents());
		this.oneConnection = MasterConnection.connect(this.server.socket(), 1, new Listener());
		this.twoConnection = MasterConnection.connect(this.server.socket(), 2, new Listener());
		this.one = new WorkerLeases(1, this.oneConnection::lease, LeaseTerms.monotonicClock());
		this.two = new WorkerLeases(2, this.twoConnection::lease, LeaseTerms.monotonicClock());
	}

	@AfterEach
	void close() throws IOException {
		this.oneConnection.close();
		this.twoConnection.close();
		this.server.close();
	}

	@Test
	void oneWorkerHoldsALockUntilItClosesItThenTheOtherCanTakeIt() {
		Optional<ClusterLock> lock = this.one.tryLock("export", Duration.ofSeconds(5));
		assertThat(lock).get().extracting(ClusterLock::isValid).isEqualTo(true);
		assertThat(this.two.tryLock("export", Duration.ofSeconds(5))).isEmpty();
		assertThat(this.one.tryLock("export", Duration.ofSeconds(5))).as("not reentrant").isEmpty();
		lock.get().close();
		assertThat(lock.get().isValid()).isFalse();
		// The release goes to the master without waiting for its answer.
		awaitReleased();
		assertThat(this.two.tryLock("export", Duration.ofSeconds(5))).isPresent();
	}

	@Test
	void runExclusivelyRunsTheTaskOnlyWhereTheLockIsFree() {
		ClusterLock held = this.one.tryLock("export", Duration.ofSeconds(5)).orElseThrow();
		AtomicBoolean ran = new AtomicBoolean();
		assertThat(this.two.runExclusively("export", Duration.ofSeconds(5), () -> ran.set(true))).isFalse();
		assertThat(ran).isFalse();
		held.close();
		awaitReleased();
		assertThat(this.two.runExclusively("export", Duration.ofSeconds(5), () -> ran.set(true))).isTrue();
		assertThat(ran).isTrue();
		awaitReleased();
	}

	private void awaitReleased() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.leases().leases().isEmpty());
	}

	@Test
	void aHeldLockIsRenewedBeyondItsTimeToLive() {
		ClusterLock lock = this.one.tryLock("export", Duration.ofSeconds(1)).orElseThrow();
		await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
		assertThat(lock.isValid()).isTrue();
		assertThat(this.two.tryLock("export", Duration.ofSeconds(1))).isEmpty();
	}

	@Test
	void aLockTakenAtMostForAGivenTimeIsNotRenewed() {
		ClusterLock lock = this.one.tryLockAtMost("report", Duration.ofSeconds(1)).orElseThrow();
		await().atMost(Duration.ofSeconds(3)).until(() -> !lock.isValid());
		await().atMost(Duration.ofSeconds(3)).until(() -> this.two.tryLock("report", Duration.ofSeconds(1)).isPresent());
	}

	@Test
	void aWorkerAskedToStopReleasesEverythingAndTakesNothingNew() {
		ClusterLock lock = this.one.tryLock("export", Duration.ofSeconds(5)).orElseThrow();
		this.one.releaseAll();
		assertThat(lock.isValid()).isFalse();
		assertThat(this.one.tryLock("other", Duration.ofSeconds(5))).isEmpty();
		await().atMost(Duration.ofSeconds(3)).until(() -> this.two.tryLock("export", Duration.ofSeconds(5)).isPresent());
	}

	@Test
	void aWorkerThatLostItsMasterStopsAtOnce() {
		ClusterLock lock = this.one.tryLock("export", Duration.ofSeconds(5)).orElseThrow();
		this.one.lost();
		assertThat(lock.isValid()).isFalse();
	}

	@Test
	void theSchedulingLeaseMovesToTheOtherCandidateWhenItsHolderStops() {
		try (LeaseCandidate first = new LeaseCandidate(this.one, 1, "scheduling", Duration.ofSeconds(10), "work");
				LeaseCandidate second = new LeaseCandidate(this.two, 2, "scheduling", Duration.ofSeconds(10),
						"work")) {
			first.start();
			await().atMost(Duration.ofSeconds(3)).until(first::holds);
			second.start();
			await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
			assertThat(second.holds()).isFalse();
			this.one.releaseAll();
			assertThat(first.holds()).isFalse();
			await().atMost(Duration.ofSeconds(3)).until(second::holds);
			assertThat(this.server.leases().leases()).extracting(LeaseInfo::holder).containsExactly(2);
		}
	}


	static final class Listener implements MasterConnection.Listener {

		@Override
		public void shutdownRequested() {
		}

		@Override
		public void masterLost() {
		}

	}

}
