package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GracefulQuit} alone, with fake workers and an accept queue the test sets.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulQuitTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private static final SupervisorSettings SETTINGS = SupervisorFixture.settings(3)
		.withShutdownTimeout(Duration.ofSeconds(30));

	private static final SupervisorSettings DELAYED = SETTINGS.withQuitDelay(Duration.ofSeconds(5));

	private final AtomicInteger queued = new AtomicInteger(-1);

	private final AcceptQueueWatch acceptQueue = new AcceptQueueWatch();

	private final WorkerHandle first = ready(1);

	private final WorkerHandle second = ready(2);

	private final WorkerHandle third = ready(3);

	private final List<WorkerHandle> live = List.of(this.first, this.second, this.third);

	GracefulQuitTests() {
		this.acceptQueue.source(this.queued::get);
	}

	@Test
	void aGracefulQuitExitsWithZero() {
		assertThat(GracefulQuit.graceful(T0).exitCode()).isZero();
	}

	@Test
	void theWorkersServeOnForTheQuitDelay() {
		GracefulQuit quit = GracefulQuit.graceful(T0);
		quit.step(this.live, T0.plusMillis(4999), DELAYED, this.acceptQueue);
		assertThat(this.live).allMatch(WorkerHandle::isLive);
		quit.step(this.live, T0.plusSeconds(5), DELAYED, this.acceptQueue);
		assertThat(this.live).noneMatch(WorkerHandle::isLive);
	}

	@Test
	void withoutAKnownQueueEveryWorkerStopsAtOnce() {
		GracefulQuit.graceful(T0).step(this.live, T0, SETTINGS, this.acceptQueue);
		assertThat(this.live).allMatch((worker) -> "quit".equals(worker.stopReason));
	}

	@Test
	void theLastReadyWorkerServesTheQueueUntilItIsEmpty(CapturedOutput output) {
		this.queued.set(8);
		GracefulQuit quit = GracefulQuit.graceful(T0);
		quit.step(this.live, T0, SETTINGS, this.acceptQueue);
		assertThat(this.first.stopReason).isEqualTo("quit");
		assertThat(this.second.stopReason).isEqualTo("quit");
		assertThat(this.third.isLive()).isTrue();
		assertThat(output).contains("Worker 3 (pid 1003) serves the connections waiting in the accept queue (8 now) "
				+ "while the others drain; it stops once the queue is empty");
		this.queued.set(0);
		quit.step(List.of(this.third), T0.plusSeconds(1), SETTINGS, this.acceptQueue);
		assertThat(this.third.stopReason).isEqualTo("quit, the accept queue is empty");
	}

	@Test
	void theLastWorkerStopsAfterTheShutdownTimeoutWithConnectionsStillQueued() {
		this.queued.set(8);
		GracefulQuit quit = GracefulQuit.graceful(T0);
		quit.step(this.live, T0, SETTINGS, this.acceptQueue);
		quit.step(List.of(this.third), T0.plusSeconds(30), SETTINGS, this.acceptQueue);
		assertThat(this.third.isLive()).isTrue();
		quit.step(List.of(this.third), T0.plusSeconds(31), SETTINGS, this.acceptQueue);
		assertThat(this.third.stopReason).isEqualTo("quit, 8 connections still queued after 30.0 s");
	}

	@Test
	void aHardQuitKeepsNoWorkerForTheQueue() {
		this.queued.set(8);
		GracefulQuit quit = GracefulQuit.hard(70);
		assertThat(quit.exitCode()).isEqualTo(70);
		quit.step(this.live, T0, SETTINGS, this.acceptQueue);
		assertThat(this.live).noneMatch(WorkerHandle::isLive);
	}

	private static WorkerHandle ready(int id) {
		WorkerHandle worker = new WorkerHandle(id, 1, null, new FakeProcess(1000 + id), T0, 0);
		worker.ready(T0);
		return worker;
	}

}
