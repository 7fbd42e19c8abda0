package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Pool} alone.
 *
 * @author cluster-master
 */
class PoolTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private final Pool pool = new Pool();

	@Test
	void liveReadyAndWhole() {
		WorkerHandle first = worker(1, 0);
		WorkerHandle second = worker(2, 1);
		assertThat(this.pool.live()).containsExactly(first, second);
		assertThat(this.pool.ready()).isZero();
		assertThat(this.pool.isWhole(2)).isFalse();
		first.ready(T0);
		second.ready(T0);
		assertThat(this.pool.ready()).isEqualTo(2);
		assertThat(this.pool.isWhole(2)).isTrue();
		assertThat(this.pool.isWhole(3)).isFalse();
		second.stop(T0, "resize to 1");
		assertThat(this.pool.live()).containsExactly(first);
		assertThat(this.pool.count()).as("until its process ends").isEqualTo(2);
		assertThat(this.pool.isWhole(1)).as("one is stopping").isFalse();
		assertThat(this.pool.remove(second)).isTrue();
		assertThat(this.pool.remove(second)).isFalse();
		assertThat(this.pool.isWhole(1)).isTrue();
		assertThat(this.pool.get(2)).isNull();
		assertThat(this.pool.get(1)).isSameAs(first);
	}

	@Test
	void theLiveListIsTheCallersCopy() {
		worker(1, 0);
		List<WorkerHandle> live = this.pool.live();
		live.clear();
		assertThat(this.pool.live()).hasSize(1);
	}

	@Test
	void aNewWorkerTakesTheLowestFreeSlotOrTheSlotOfAnOutgoingWorker() {
		worker(1, 0);
		WorkerHandle outgoing = worker(2, 1);
		worker(3, 3);
		assertThat(this.pool.nextSlot((worker) -> false)).isEqualTo(2);
		assertThat(this.pool.nextSlot((worker) -> worker == outgoing)).isEqualTo(1);
	}

	@Test
	void aNewWorkerTakesTheSlotOfOneRecycledOrOfOneTheRolloutReplaces() {
		worker(1, 0);
		WorkerHandle recycled = worker(2, 1);
		assertThat(this.pool.nextSlot((RollingRestart) null)).isEqualTo(2);
		recycled.recycle("it served 1000 requests");
		assertThat(this.pool.nextSlot((RollingRestart) null)).isEqualTo(1);
		RollingRestart rollout = new RollingRestart(new LaunchSpec(1, Map.of(), null),
				new LaunchSpec(2, Map.of(), null), 2, T0, Duration.ofSeconds(2), new CompletableFuture<>(), 0);
		recycled.keep();
		assertThat(this.pool.nextSlot(rollout)).as("both are of generation 1: the lowest slot first").isZero();
	}

	@Test
	void theWorkersOfTheHighestSlotsAreStoppedBeyondTheSize() {
		WorkerHandle zero = worker(1, 0);
		WorkerHandle two = worker(2, 2);
		WorkerHandle one = worker(3, 1);
		List<WorkerHandle> live = this.pool.live();
		Pool.stopBeyond(live, 1, T0);
		assertThat(two.stopReason).isEqualTo("resize to 1");
		assertThat(one.stopReason).isEqualTo("resize to 1");
		assertThat(zero.isLive()).isTrue();
		assertThat(live).as("those stopped are left in it").hasSize(3);
		Pool.stopBeyond(this.pool.live(), 1, T0);
		assertThat(zero.isLive()).isTrue();
	}

	@Test
	void amongEqualSlotsTheNewestIsStopped() {
		WorkerHandle older = worker(1, 0);
		WorkerHandle newer = worker(2, 0);
		Pool.stopBeyond(this.pool.live(), 1, T0);
		assertThat(newer.isLive()).isFalse();
		assertThat(older.isLive()).isTrue();
	}

	@Test
	void statsRecyclingMembersAndKill() {
		WorkerHandle first = worker(1, 0);
		WorkerHandle second = worker(2, 1);
		WorkerStats stats = new WorkerStats(10, 1, 2, 200, 100L, 200L, 300L, 4L, 5L);
		first.heartbeat(T0, stats);
		assertThat(this.pool.stats()).containsExactly(stats);
		assertThat(this.pool.isRecycling()).isFalse();
		second.recycle("max-requests");
		assertThat(this.pool.isRecycling()).isTrue();
		assertThat(this.pool.members()).extracting(PoolView.Member::id).containsExactly(1, 2);
		this.pool.killAll("hard quit");
		assertThat(((FakeProcess) first.process).kills()).isOne();
		assertThat(((FakeProcess) second.process).kills()).isOne();
		assertThat(this.pool.all()).containsExactly(first, second);
	}

	private WorkerHandle worker(int id, int slot) {
		WorkerHandle worker = new WorkerHandle(id, slot, 1, null, new FakeProcess(1000 + id), T0, 0);
		this.pool.add(worker);
		return worker;
	}

}
