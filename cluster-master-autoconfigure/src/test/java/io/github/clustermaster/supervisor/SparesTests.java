package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Spares} alone: what it answers and does for each event of the loop,
 * with fake processes and links.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class SparesTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final SupervisorSettings SETTINGS = SupervisorFixture.settings(2)
		.withBootTimeout(Duration.ofSeconds(60))
		.withHeartbeatTimeout(Duration.ofSeconds(10));

	private final Spares spares = new Spares();

	@Test
	void aNegativeCountIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.spares.wanted(-1))
			.withMessage("spares must be 0 or more, was -1");
	}

	@Test
	void oneSpareBootsAtATimeAndOnlyWhileThePoolIsSteady() {
		this.spares.wanted(2);
		assertThat(this.spares.keep(1, false, T0)).as("not steady").isFalse();
		assertThat(this.spares.keep(1, true, T0)).isTrue();
		WorkerHandle first = spare(1, 1);
		assertThat(this.spares.keep(1, true, T0)).as("one is booting").isFalse();
		first.ready(T0);
		assertThat(this.spares.keep(1, true, T0)).isTrue();
		spare(2, 1).ready(T0);
		assertThat(this.spares.keep(1, true, T0)).as("as many as wanted").isFalse();
	}

	@Test
	void theNextSpareBootsOnlyOnceAPromotedOneHadASecondToItself() {
		this.spares.wanted(1);
		readySpare(1, 1);
		assertThat(this.spares.promote(1, () -> 0, T0)).isNotNull();
		assertThat(this.spares.keep(1, true, T0)).as("at the promotion").isFalse();
		assertThat(this.spares.keep(1, true, T0.plus(Spares.SETTLE).minusMillis(1))).isFalse();
		assertThat(this.spares.keep(1, true, T0.plus(Spares.SETTLE))).isTrue();
	}

	@Test
	void aSparePromotedIntoThePoolTakesTheSlotOfTheWorkerItReplacesAndSaysSo(CapturedOutput output) {
		Pool pool = new Pool();
		WorkerHandle serving = new WorkerHandle(7, 0, 1, null, new FakeProcess(1007), T0, 0);
		pool.add(serving);
		serving.ready(T0);
		WorkerHandle spare = readySpare(1, 1);
		assertThat(this.spares.promoteInto(pool, 1, null, 2, T0)).isSameAs(spare);
		assertThat(pool.get(1)).isSameAs(spare);
		assertThat(spare.slot).as("the lowest free slot").isEqualTo(1);
		assertThat(this.spares.get(1)).isNull();
		assertThat(output).contains("Promoted Worker 1 (pid 1001) from hot spare to slot 1: it accepts now, "
				+ "2 workers ready of 2");
		assertThat(this.spares.promoteInto(pool, 1, null, 2, T0)).as("none ready left").isNull();
	}

	@Test
	void noSpareIsWantedByDefault() {
		assertThat(this.spares.keep(1, true, T0)).isFalse();
	}

	@Test
	void aSpareIsMarkedAsOneAndLaunchesWithTheSpareVariable() {
		WorkerHandle spare = spare(1, 1);
		assertThat(spare.spare).isTrue();
		assertThat(spare).hasToString("Spare worker 1 (pid 1001)");
		assertThat(Spares.env(Map.of("A", "1"))).containsEntry("A", "1").containsEntry(WorkerLauncher.SPARE, "true");
	}

	@Test
	void theOldestReadySpareOfTheGenerationIsPromotedInTheSlotGiven() {
		WorkerHandle booting = spare(1, 1);
		WorkerHandle older = readySpare(2, 0);
		WorkerHandle ready = readySpare(3, 1);
		WorkerHandle next = readySpare(4, 1);
		WorkerHandle promoted = this.spares.promote(1, () -> 5, T0);
		assertThat(promoted).isSameAs(ready);
		assertThat(ready.spare).isFalse();
		assertThat(ready.slot).isEqualTo(5);
		assertThat(((PromotionLink) ready.link).promotions).containsExactly(5);
		assertThat(this.spares.get(3)).as("no spare any more").isNull();
		assertThat(this.spares.all()).containsExactly(booting, older, next);
	}

	@Test
	void aSpareThatCannotBeToldIsKilledAndTheNextIsPromoted() {
		WorkerHandle deaf = spare(1, 1);
		deaf.connected(new PromotionLink(false), T0);
		deaf.ready(T0);
		WorkerHandle next = readySpare(2, 1);
		AtomicInteger asked = new AtomicInteger();
		assertThat(this.spares.promote(1, asked::incrementAndGet, T0)).isSameAs(next);
		assertThat(next.slot).as("the slot asked again for the next spare").isEqualTo(2);
		assertThat(((FakeProcess) deaf.process).kills()).isOne();
		assertThat(deaf.stopReason).isEqualTo("it could not be told to accept (its IPC link is gone)");
		assertThat(this.spares.all()).containsExactly(deaf);
		assertThat(this.spares.promote(1, () -> 0, T0)).as("none ready left").isNull();
	}

	@Test
	void aSpareWithoutALinkIsNotPromoted() {
		spare(1, 1).ready(T0);
		assertThat(this.spares.promote(1, () -> 0, T0)).isNull();
	}

	@Test
	void spareOfAnotherGenerationAreStoppedAndNewOnesBootOnceTheyAreGone() {
		this.spares.wanted(1);
		WorkerHandle stale = readySpare(1, 1);
		assertThat(this.spares.keep(2, true, T0)).as("the stale one no longer counts").isTrue();
		assertThat(stale.state).isEqualTo(WorkerState.STOPPING);
		assertThat(stale.stopReason).isEqualTo("a spare of generation 1; the pool launches generation 2 now");
		assertThat(this.spares.exited(stale)).isTrue();
		assertThat(this.spares.exited(stale)).as("once").isFalse();
		assertThat(this.spares.isEmpty()).isTrue();
	}

	@Test
	void aSparePastItsBootTimeoutOrSilentOnceReadyIsKilledAsFaulty() {
		WorkerHandle booting = spare(1, 1);
		WorkerHandle ready = readySpare(2, 1);
		this.spares.checkDeadlines(T0.plusSeconds(10), SETTINGS);
		assertThat(ready.fault).isNull();
		this.spares.checkDeadlines(T0.plusSeconds(11), SETTINGS);
		assertThat(ready.fault).isEqualTo("it sent no heartbeat for 10.0 s");
		assertThat(((FakeProcess) ready.process).kills()).isOne();
		assertThat(booting.fault).isNull();
		this.spares.checkDeadlines(T0.plusSeconds(61), SETTINGS);
		assertThat(booting.fault).isEqualTo("it missed its boot timeout of 60.0 s");
		assertThat(((FakeProcess) booting.process).kills()).isOne();
	}

	@Test
	void aStoppingSpareGetsItsNextSignalWhenDue() {
		WorkerHandle spare = readySpare(1, 1);
		this.spares.stopAll(T0);
		assertThat(spare.stopReason).isEqualTo("the master is quitting");
		this.spares.checkDeadlines(T0.plus(SETTINGS.shutdownTimeout()).plusSeconds(1), SETTINGS);
		assertThat(((FakeProcess) spare.process).terminations()).isOne();
		this.spares.killAll("hard quit");
		assertThat(((FakeProcess) spare.process).kills()).isOne();
	}

	private WorkerHandle spare(int id, int generation) {
		WorkerHandle spare = new WorkerHandle(id, -1, generation, null, new FakeProcess(1000 + id), T0, 0);
		this.spares.add(spare);
		return spare;
	}

	private WorkerHandle readySpare(int id, int generation) {
		WorkerHandle spare = spare(id, generation);
		spare.connected(new PromotionLink(true), T0);
		spare.ready(T0);
		return spare;
	}

	private static final class PromotionLink implements WorkerLink {

		private final boolean connected;

		private final List<Integer> promotions = new ArrayList<>();

		PromotionLink(boolean connected) {
			this.connected = connected;
		}

		@Override
		public boolean requestShutdown() {
			return this.connected;
		}

		@Override
		public boolean promote(int slot) {
			this.promotions.add(slot);
			return this.connected;
		}

	}

}
