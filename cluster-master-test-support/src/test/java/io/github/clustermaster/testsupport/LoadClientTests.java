package io.github.clustermaster.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LoadClient}.
 *
 * @author cluster-master
 */
class LoadClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void stopsByItselfAfterMaxRequests() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L, 2L);
				LoadClient load = LoadClient.builder(server.port()).threads(3).maxRequests(50).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(load.isRunning()).isFalse();
			assertThat(summary.sent()).isEqualTo(50);
			assertThat(summary.ok()).isEqualTo(50);
			assertThat(summary.failed()).isZero();
			assertThat(summary.failures()).isEmpty();
			assertThat(summary.pidCounts()).isEqualTo(Map.of(1L, 25L, 2L, 25L));
			assertThat(summary.pids()).containsExactlyInAnyOrder(1L, 2L);
			assertThat(server.requests()).isEqualTo(50);
			assertThat(server.clientPorts()).hasSize(50);
		}
	}

	@Test
	void stopsByItselfAfterMaxDuration() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L);
				LoadClient load = LoadClient.builder(server.port())
					.maxRequests(1_000_000)
					.maxDuration(Duration.ofMillis(300))
					.pause(Duration.ofMillis(5))
					.start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.sent()).isPositive().isLessThan(1_000_000).isEqualTo(summary.ok());
			assertThat(summary.elapsed()).isBetween(Duration.ofMillis(300), TIMEOUT);
		}
	}

	@Test
	void stopReturnsWhatWasSeenSoFar() throws Exception {
		try (FakeWorkers server = new FakeWorkers(7L);
				LoadClient load = LoadClient.builder(server.port()).threads(2).pause(Duration.ofMillis(1)).start()) {
			await().atMost(TIMEOUT).until(() -> load.snapshot().ok() >= 10);
			LoadSummary summary = load.stop();
			assertThat(load.isRunning()).isFalse();
			assertThat(summary.ok()).isGreaterThanOrEqualTo(10).isEqualTo(summary.sent());
			assertThat(summary.pidCounts()).containsOnlyKeys(7L);
			assertThat(load.stop().sent()).isEqualTo(summary.sent());
		}
	}

	@Test
	void countsAndDescribesTheFirstTwentyFailures() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L);
				LoadClient load = LoadClient.builder(server.port()).path("/fail").maxRequests(30).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.sent()).isEqualTo(30);
			assertThat(summary.failed()).isEqualTo(30);
			assertThat(summary.ok()).isZero();
			assertThat(summary.failures()).hasSize(20);
			assertThat(summary.failures().get(0)).startsWith("#1 at +").endsWith("ms: HTTP 503 unavailable");
			assertThat(summary.failuresByKind()).isEqualTo(Map.of(LoadSummary.Failure.STATUS, 30L));
			assertThat(summary.pidCounts()).isEmpty();
		}
	}

	@Test
	void countsConnectionFailures() {
		try (LoadClient load = LoadClient.builder(FreePort.find()).maxRequests(5).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.failed()).isEqualTo(5);
			assertThat(summary.failures()).allSatisfy((failure) -> assertThat(failure).contains("ConnectException"));
			assertThat(summary.failuresByKind()).isEqualTo(Map.of(LoadSummary.Failure.REFUSED, 5L));
		}
	}

	@Test
	void keepAliveClientsSendOneRequestAfterAnotherOnOneConnection() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L);
				LoadClient load = LoadClient.builder(server.port()).keepAlive(3).maxRequests(60).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.ok()).isEqualTo(60);
			assertThat(server.requests()).isEqualTo(60);
			// The one fresh client opens a connection per request, each keep-alive client one in all
			assertThat(server.clientPorts()).hasSizeLessThan(60);
			assertThat(summary.retried()).isZero();
		}
	}

	@Test
	void slowClientsKeepEveryAnswerWithItsTiming() throws Exception {
		try (FakeWorkers server = new FakeWorkers(9L);
				LoadClient load = LoadClient.builder(server.port()).slow(2, "/").maxRequests(40).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.ok()).isEqualTo(40);
			assertThat(summary.slowAnswers()).isNotEmpty()
				.allSatisfy((answer) -> assertThat(answer.pid()).isEqualTo(9L))
				.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200))
				.allSatisfy((answer) -> assertThat(answer.endNanos()).isGreaterThanOrEqualTo(answer.startNanos()));
			assertThat(summary.figures()).startsWith("requests sent 40, failed 0 {}");
		}
	}

	@Test
	void aBodyWithoutAPidIsAFailure() throws Exception {
		try (FakeWorkers server = new FakeWorkers(1L);
				LoadClient load = LoadClient.builder(server.port()).path("/chunked").maxRequests(3).start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.failuresByKind()).isEqualTo(Map.of(LoadSummary.Failure.NO_PID, 3L));
		}
	}

	@Test
	void aListenerSeesEveryRequestWithWhoAnsweredAndWhen() throws Exception {
		Queue<LoadClient.Request> requests = new ConcurrentLinkedQueue<>();
		long before = System.nanoTime();
		try (FakeWorkers server = new FakeWorkers(1L, 2L);
				LoadClient load = LoadClient.builder(server.port())
					.threads(2)
					.keepAlive(1)
					.maxRequests(30)
					.onRequest(requests::add)
					.start()) {
			LoadSummary summary = load.awaitDone(TIMEOUT);
			assertThat(summary.ok()).isEqualTo(30);
		}
		assertThat(requests).hasSize(30)
			.allSatisfy((request) -> assertThat(request.isOk()).isTrue())
			.allSatisfy((request) -> assertThat(request.pid()).isIn(1L, 2L))
			.allSatisfy((request) -> assertThat(request.startNanos()).isGreaterThanOrEqualTo(before))
			.allSatisfy((request) -> assertThat(request.latencyNanos()).isPositive());
	}

	@Test
	void aListenerSeesAFailedRequestWithItsKind() throws Exception {
		Queue<LoadClient.Request> requests = new ConcurrentLinkedQueue<>();
		try (FakeWorkers server = new FakeWorkers(1L);
				LoadClient load = LoadClient.builder(server.port())
					.path("/fail")
					.maxRequests(3)
					.onRequest(requests::add)
					.start()) {
			load.awaitDone(TIMEOUT);
		}
		assertThat(requests).hasSize(3)
			.allSatisfy((request) -> assertThat(request.failure()).isEqualTo(LoadSummary.Failure.STATUS))
			.allSatisfy((request) -> assertThat(request.pid()).isEqualTo(-1));
	}

	@Test
	void limitsAreBounded() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).maxRequests(0));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).maxRequests(2_000_000));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).maxDuration(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).maxDuration(Duration.ofHours(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).threads(0));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).path("x"));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(0));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).keepAlive(65));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadClient.builder(8080).slow(1, "slow"));
	}

}
