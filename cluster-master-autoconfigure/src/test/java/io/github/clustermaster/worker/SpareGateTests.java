package io.github.clustermaster.worker;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link SpareGate}.
 *
 * @author cluster-master
 */
class SpareGateTests {

	@Test
	void aWorkerNotLaunchedAsASpareIsNeverHeld() {
		SpareGate gate = new SpareGate(false);
		assertThat(gate.isHeld()).isFalse();
		assertThatNoException().isThrownBy(gate::check);
		assertThat(gate.slot(3)).isEqualTo(3);
	}

	@Test
	void aSpareWhoseServerRegisteredNoHoldFailsItsStartNamingTheFix() {
		SpareGate gate = new SpareGate(true);
		assertThatIllegalStateException().isThrownBy(gate::check)
			.withMessageContaining("started as a hot spare (cluster.master.spares)")
			.withMessageContaining("set cluster.master.spares=0");
	}

	@Test
	void promotionOpensEveryHoldOnceAndGivesTheSlot() {
		SpareGate gate = new SpareGate(true);
		List<String> opened = new ArrayList<>();
		gate.hold("first", () -> opened.add("first"));
		gate.hold("second", () -> opened.add("second"));
		assertThatNoException().isThrownBy(gate::check);
		assertThat(gate.slot(-1)).isEqualTo(-1);
		gate.promote(4, 1);
		assertThat(opened).containsExactly("first", "second");
		assertThat(gate.isHeld()).isFalse();
		assertThat(gate.slot(-1)).isEqualTo(1);
		gate.promote(4, 0);
		assertThat(opened).as("a second promotion is ignored").hasSize(2);
		assertThat(gate.slot(-1)).isEqualTo(1);
	}

	@Test
	void onlyASpareNotYetPromotedAwaitsItsPromotionWhetherOrNotItWarmsUp() {
		SpareGate spare = new SpareGate(true);
		spare.warmUpFirst();
		assertThat(spare.awaitsPromotion()).isTrue();
		spare.warmedUp();
		assertThat(spare.awaitsPromotion()).isTrue();
		spare.promote(4, 0);
		assertThat(spare.awaitsPromotion()).isFalse();
		SpareGate warming = new SpareGate(false);
		warming.warmUpFirst();
		assertThat(warming.isHeld()).isTrue();
		assertThat(warming.awaitsPromotion()).isFalse();
	}

	@Test
	void aHoldThatFailsToOpenDoesNotKeepTheOthersShut() {
		SpareGate gate = new SpareGate(true);
		List<String> opened = new ArrayList<>();
		gate.hold("broken", () -> {
			throw new IllegalStateException("boom");
		});
		gate.hold("fine", () -> opened.add("fine"));
		gate.promote(4, 0);
		assertThat(opened).containsExactly("fine");
	}

}
