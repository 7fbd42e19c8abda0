package io.github.clustermaster.supervisor;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.clustermaster.supervisor.WorkerSlots.Holder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerSlots}.
 *
 * @author cluster-master
 */
class WorkerSlotsTests {

	@Test
	void theFirstWorkersTakeTheSlotsInOrder() {
		assertThat(WorkerSlots.next(List.of())).isZero();
		assertThat(WorkerSlots.next(List.of(staying(0)))).isEqualTo(1);
		assertThat(WorkerSlots.next(List.of(staying(0), staying(1)))).isEqualTo(2);
	}

	@Test
	void aRespawnTakesTheSlotOfTheWorkerThatDied() {
		assertThat(WorkerSlots.next(List.of(staying(0), staying(2)))).isEqualTo(1);
	}

	@Test
	void aResizeUpTakesTheLowestFreeSlot() {
		assertThat(WorkerSlots.next(List.of(staying(2), staying(0)))).isEqualTo(1);
		assertThat(WorkerSlots.next(List.of(staying(1), staying(0), staying(2)))).isEqualTo(3);
	}

	@Test
	void aReplacementTakesTheSlotOfTheWorkerItReplacesEvenWhileThatOneServesOn() {
		// Recycling slot 1: its replacement takes slot 1, not the free slot 3.
		assertThat(WorkerSlots.next(List.of(staying(0), outgoing(1), staying(2)))).isEqualTo(1);
	}

	@Test
	void aRolloutsReplacementsTakeTheOldWorkersSlotsOldestFirst() {
		List<Holder> pool = List.of(outgoing(1), outgoing(0), outgoing(2));
		assertThat(WorkerSlots.next(pool)).isEqualTo(1);
		List<Holder> surge = List.of(outgoing(1), outgoing(0), outgoing(2), staying(1));
		assertThat(WorkerSlots.next(surge)).isZero();
		List<Holder> later = List.of(outgoing(0), outgoing(2), staying(1), staying(0));
		assertThat(WorkerSlots.next(later)).isEqualTo(2);
	}

	@Test
	void anOutgoingWorkerWhoseSlotIsTakenAlreadyLeavesTheLowestFreeOne() {
		// Slot 0 is shared during the surge; slot 1 crashed.
		assertThat(WorkerSlots.next(List.of(outgoing(0), staying(0)))).isEqualTo(1);
	}

	private static Holder staying(int slot) {
		return new Holder(slot, false);
	}

	private static Holder outgoing(int slot) {
		return new Holder(slot, true);
	}

}
