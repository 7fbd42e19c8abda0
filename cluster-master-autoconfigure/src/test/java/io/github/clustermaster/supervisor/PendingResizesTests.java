package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingResizes} alone.
 *
 * @author cluster-master
 */
class PendingResizesTests {

	private static final ClusterStatus STATUS = new ClusterStatus(2, 1, false, false, false, false, List.of(),
			ClusterCounters.NONE);

	private final PendingResizes resizes = new PendingResizes();

	private final AtomicInteger published = new AtomicInteger();

	@Test
	void nothingIsAskedWhileNoResizeWaits() {
		this.resizes.complete(2, () -> {
			throw new AssertionError("asked");
		}, this::publish);
		assertThat(this.published).hasValue(0);
		assertThat(this.resizes.isEmpty()).isTrue();
	}

	@Test
	void aResizeCompletesOnceThePoolIsWholeAtItsSize() {
		CompletableFuture<ClusterStatus> resize = new CompletableFuture<>();
		this.resizes.add(2, resize);
		this.resizes.complete(2, () -> false, this::publish);
		assertThat(resize).isNotDone();
		assertThat(this.published).as("published at each step a resize waits").hasValue(1);
		this.resizes.complete(2, () -> true, this::publish);
		assertThat(resize).isCompletedWithValue(STATUS);
		assertThat(this.resizes.isEmpty()).isTrue();
	}

	@Test
	void aLaterSizeSupersedesAnEarlierResize() {
		CompletableFuture<ClusterStatus> first = new CompletableFuture<>();
		CompletableFuture<ClusterStatus> second = new CompletableFuture<>();
		this.resizes.add(3, first);
		this.resizes.add(4, second);
		this.resizes.complete(4, () -> false, this::publish);
		assertThat(first).isCompletedWithValue(STATUS);
		assertThat(second).isNotDone();
		assertThat(this.resizes.isEmpty()).isFalse();
	}

	@Test
	void failingFailsEveryWaitingResize() {
		CompletableFuture<ClusterStatus> first = new CompletableFuture<>();
		this.resizes.add(3, first);
		this.resizes.fail("the master is quitting");
		assertThat(first).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("the master is quitting");
		assertThat(this.resizes.isEmpty()).isTrue();
	}

	private ClusterStatus publish() {
		this.published.incrementAndGet();
		return STATUS;
	}

}
