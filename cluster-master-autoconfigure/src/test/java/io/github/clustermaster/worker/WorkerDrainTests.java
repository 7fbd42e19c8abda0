package io.github.clustermaster.worker;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerDrain}: a drain runs once, whether the master's stop request
 * starts it before the context closes or the close does.
 */
class WorkerDrainTests {

	@Test
	void aDrainStartedBeforeTheContextClosesIsNotRunAgainByTheClose() {
		CountingDrain drain = new CountingDrain();
		drain.start();
		assertThat(drain.isRunning()).isTrue();
		drain.stop();
		assertThat(drain.drains.get()).isOne();
		// the context's lifecycle processor stops only what is running
		assertThat(drain.isRunning()).isFalse();
		drain.stop();
		assertThat(drain.drains.get()).isOne();
	}

	@Test
	void itStopsJustBeforeBootsGracefulShutdown() {
		assertThat(new CountingDrain().getPhase()).isEqualTo(
				org.springframework.boot.web.server.context.WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1);
	}

	private static final class CountingDrain extends WorkerDrain {

		private final AtomicInteger drains = new AtomicInteger();

		@Override
		protected void drain() {
			this.drains.incrementAndGet();
		}

	}

}
