package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link PoolSize} alone.
 *
 * @author cluster-master
 */
class PoolSizeTests {

	private static final ClusterStatus STATUS = new ClusterStatus(2, 1, false, false, false, false, List.of(),
			ClusterCounters.NONE);

	private static final AutoscalePolicy BOUNDS = new AutoscalePolicy(1, 3, Duration.ofSeconds(10),
			Duration.ofSeconds(60), Duration.ofSeconds(30), 0.8);

	private Instant now = Instant.parse("2026-12-07T23:00:00Z");

	@Test
	void thePoolWantsItsConfiguredSizeAtFirstAndBootsAsManyAsTheSurgeAllowsOfIt() {
		PoolSize size = new PoolSize(
				SupervisorSettings.defaults().withSize(4).withMaxSurge(MaxSurge.parse("50%")));
		assertThat(size.wanted()).isEqualTo(4);
		assertThat(size.surge()).isEqualTo(2);
		assertThat(size.by(+1)).isEqualTo(5);
		assertThat(size.by(-5)).as("never below 0").isZero();
		assertThat(size.wanted()).as("by only computes").isEqualTo(4);
	}

	@Test
	void aSizeBelowZeroOrOutsideTheAutoscalingBoundsIsRefusedWithASentenceThatSaysWhatToDo() {
		PoolSize bounded = new PoolSize(SupervisorSettings.defaults().withSize(2).withAutoscale(BOUNDS));
		assertThat(bounded.refusal(-1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("size must be 0 or more, was -1");
		assertThat(bounded.refusal(5)).isInstanceOf(IllegalStateException.class)
			.hasMessage("5 workers is outside the autoscaling bounds, cluster.master.autoscale.min=1 to max=3; "
					+ "resize within them, or change the bounds");
		assertThat(bounded.refusal(3)).isNull();
		assertThat(new PoolSize(SupervisorSettings.defaults()).refusal(100)).as("no bounds without autoscaling")
			.isNull();
	}

	@Test
	void aResizeIsAnsweredOnceThePoolIsWholeAtItsSizeOrWhenALaterOneSupersedesIt() {
		PoolSize size = new PoolSize(SupervisorSettings.defaults().withSize(2));
		CompletableFuture<ClusterStatus> first = new CompletableFuture<>();
		CompletableFuture<ClusterStatus> second = new CompletableFuture<>();
		size.resize(4, this.now, first);
		assertThat(size.wanted()).isEqualTo(4);
		assertThat(size.isResizing()).isTrue();
		size.complete(() -> false, () -> STATUS);
		assertThat(first).isNotDone();
		size.resize(3, this.now, second);
		size.complete(() -> false, () -> STATUS);
		assertThat(first).as("superseded").isCompletedWithValue(STATUS);
		assertThat(second).isNotDone();
		size.complete(() -> true, () -> STATUS);
		assertThat(second).isCompletedWithValue(STATUS);
		assertThat(size.isResizing()).isFalse();
	}

	@Test
	void waitingResizesFailWithTheReason() {
		PoolSize size = new PoolSize(SupervisorSettings.defaults().withSize(2));
		CompletableFuture<ClusterStatus> resize = new CompletableFuture<>();
		size.resize(3, this.now, resize);
		size.fail("the master is quitting");
		assertThatThrownBy(resize::join).hasCauseInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("the master is quitting");
		assertThat(size.isResizing()).isFalse();
	}

	@Test
	void theAutoscalerGrowsASteadyPoolUnderPressureByOneAndNeverAnUnsteadyOne() {
		PoolSize steady = new PoolSize(SupervisorSettings.defaults().withSize(1).withAutoscale(BOUNDS));
		PoolSize unsteady = new PoolSize(SupervisorSettings.defaults().withSize(1).withAutoscale(BOUNDS));
		for (int second = 0; second <= 10; second++) {
			steady.autoscale(this.now, true, 5, List.of());
			unsteady.autoscale(this.now, false, 5, List.of());
			this.now = this.now.plusSeconds(1);
		}
		assertThat(steady.wanted()).isEqualTo(2);
		assertThat(unsteady.wanted()).isEqualTo(1);
		for (int second = 0; second < 20; second++) {
			steady.autoscale(this.now, true, 5, List.of());
			this.now = this.now.plusSeconds(1);
		}
		assertThat(steady.wanted()).as("within its cooldown of 30 s").isEqualTo(2);
	}

	@Test
	void aResizeStartsTheAutoscalersCooldown() {
		PoolSize size = new PoolSize(SupervisorSettings.defaults().withSize(1).withAutoscale(BOUNDS));
		size.resize(2, this.now, new CompletableFuture<>());
		for (int second = 0; second < 25; second++) {
			size.autoscale(this.now, true, 5, List.of());
			this.now = this.now.plusSeconds(1);
		}
		assertThat(size.wanted()).isEqualTo(2);
	}

}
