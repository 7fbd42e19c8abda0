package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcceptQueueWatch} alone.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class AcceptQueueWatchTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private final AtomicInteger queued = new AtomicInteger();

	private final AcceptQueueWatch watch = new AcceptQueueWatch();

	@Test
	void unknownUntilASourceIsGiven() {
		assertThat(this.watch.depth()).isEqualTo(-1);
		assertThat(this.watch.queued()).isEqualTo(-1);
		assertThat(this.watch.read(T0)).isTrue();
		assertThat(this.watch.queued()).isEqualTo(-1);
	}

	@Test
	void readOnceASecond() {
		this.watch.source(this.queued::get);
		this.queued.set(3);
		assertThat(this.watch.read(T0)).isTrue();
		assertThat(this.watch.queued()).isEqualTo(3);
		this.queued.set(5);
		assertThat(this.watch.read(T0.plusMillis(999))).isFalse();
		assertThat(this.watch.queued()).as("as last read").isEqualTo(3);
		assertThat(this.watch.depth()).as("read again").isEqualTo(5);
		assertThat(this.watch.read(T0.plusSeconds(1))).isTrue();
		assertThat(this.watch.queued()).isEqualTo(5);
	}

	@Test
	void connectionsThatKeepWaitingForTenSecondsAreWarnedOfOnceUntilTheQueueEmpties(CapturedOutput output) {
		this.watch.source(this.queued::get);
		this.queued.set(4);
		for (int second = 0; second < 10; second++) {
			this.watch.read(T0.plusSeconds(second));
		}
		assertThat(output).doesNotContain("Connections have waited");
		this.watch.read(T0.plusSeconds(10));
		assertThat(output).contains("Connections have waited in the shared accept queue for 10.0 s (4 now): every "
				+ "worker is busy");
		this.watch.read(T0.plusSeconds(20));
		assertThat(output.toString().split("Connections have waited", -1)).as("once").hasSize(2);
		this.queued.set(0);
		this.watch.read(T0.plusSeconds(21));
		assertThat(output).contains("The accept queue is empty again");
	}

	@Test
	void aQueueThatEmptiesBeforeTenSecondsStartsOver(CapturedOutput output) {
		this.watch.source(this.queued::get);
		this.queued.set(4);
		this.watch.read(T0);
		this.queued.set(0);
		this.watch.read(T0.plusSeconds(5));
		this.queued.set(4);
		this.watch.read(T0.plusSeconds(6));
		this.watch.read(T0.plusSeconds(15));
		assertThat(output).doesNotContain("Connections have waited").doesNotContain("empty again");
		this.watch.read(T0.plusSeconds(16));
		assertThat(output).contains("Connections have waited in the shared accept queue for 10.0 s");
	}

}
