package io.github.clustermaster.supervisor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PublishedStatus} alone.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class PublishedStatusTests {

	private static final ClusterStatus FIRST = status(1);

	private final PublishedStatus published = new PublishedStatus(FIRST);

	@Test
	void theLatestIsTheFirstUntilAnotherIsPublished() {
		assertThat(this.published.latest()).isSameAs(FIRST);
		ClusterStatus next = status(2);
		assertThat(this.published.publish(next)).isSameAs(next);
		assertThat(this.published.latest()).isSameAs(next);
	}

	@Test
	void aListenerThatFailsIsLoggedAndTheOthersStillGetTheStatus(CapturedOutput output) {
		List<ClusterStatus> seen = new ArrayList<>();
		this.published.addListener((status) -> {
			throw new IllegalStateException("boom");
		});
		this.published.addListener(seen::add);
		ClusterStatus next = status(3);
		this.published.publish(next);
		assertThat(seen).containsExactly(next);
		assertThat(output).contains("failed; the supervisor carries on").contains("boom");
	}

	private static ClusterStatus status(int size) {
		return new ClusterStatus(size, 1, false, false, false, false, List.of(), ClusterCounters.NONE);
	}

}
