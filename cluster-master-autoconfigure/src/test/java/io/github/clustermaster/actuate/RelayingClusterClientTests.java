package io.github.clustermaster.actuate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.control.CommandOutcome.Outcome;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.worker.WorkerSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RelayingClusterClient} over a real IPC socket: reads come from the
 * status the master pushed, writes are relayed.
 */
class RelayingClusterClientTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

	private final ClusterDescriptor two = FakeClusterClient.cluster(2, 2, false, false);

	private final ClusterDescriptor three = FakeClusterClient.cluster(3, 3, false, false);

	private IpcServer server;

	private WorkerSession session;

	private RelayingClusterClient client;

	@BeforeEach
	void connect() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents(), new WorkerRequests() {

			@Override
			public CompletableFuture<CommandOutcome> command(int worker, ClusterCommand command) {
				return CompletableFuture.completedFuture(new CommandOutcome(Outcome.STARTED,
						"Resizing from 2 to 3 workers", RelayingClusterClientTests.this.three));
			}

			@Override
			public void message(int worker, long pid, JsonNode message, @Nullable Long seq) {
			}

		});
		this.session = WorkerSession.connect(1, this.server.socket());
		this.client = new RelayingClusterClient(this.session, Duration.ofSeconds(5), this.now::get);
	}

	@AfterEach
	void close() throws IOException {
		// The session first: a worker that loses its master exits.
		this.session.close();
		this.server.close();
	}

	@Test
	void beforeTheFirstPushTheMasterReadsAsNotAnswering() {
		assertThatExceptionOfType(MasterUnavailableException.class).isThrownBy(this.client::status)
			.withMessage("Worker 1 has no status from its master yet");
	}

	@Test
	void theStatusIsTheLatestPushUntilItIsOlderThanTheBound() {
		this.server.pushStatus(this.two);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.session.status() != null);
		Instant receivedAt = this.session.status().receivedAt();
		this.now.set(receivedAt);
		assertThat(this.client.status()).isEqualTo(this.two);
		this.now.set(receivedAt.plus(ClusterClient.MAX_STATUS_AGE));
		assertThat(this.client.status()).isEqualTo(this.two);
		this.now.set(receivedAt.plus(ClusterClient.MAX_STATUS_AGE).plusMillis(1));
		assertThatExceptionOfType(MasterUnavailableException.class).isThrownBy(this.client::status)
			.withMessage("The master has not answered worker 1 for 5001 ms: its latest status is older than 5 s");
	}

	@Test
	void aReadAfterAWriteSeesTheStatusTheMasterAnsweredWith() {
		this.server.pushStatus(this.two);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.session.status() != null);
		CommandOutcome outcome = this.client.execute(new ClusterCommand.Resize(3));
		assertThat(outcome.message()).isEqualTo("Resizing from 2 to 3 workers");
		this.now.set(this.session.status().receivedAt());
		assertThat(this.client.status()).isEqualTo(this.three);
		assertThat(this.client.status().workers()).hasSize(3);
	}



}
