package io.github.clustermaster.master;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.NoWorkerEvents;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerPoolManager;
import io.github.clustermaster.supervisor.WorkerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link StatusPush} over a real IPC socket: a worker gets the status once,
 * then again when it changes; a status whose only change is the workers' ages waits for
 * the refresh.
 */
class StatusPushTests {

	private final WorkerPoolManager pool = mock(WorkerPoolManager.class);

	private final AtomicReference<ClusterStatus> status = new AtomicReference<>(status(2, Duration.ofSeconds(1)));

	private final List<ClusterDescriptor> received = new CopyOnWriteArrayList<>();

	private IpcServer server;

	private MasterConnection connection;

	@BeforeEach
	void connect() throws IOException {
		given(this.pool.status()).willAnswer((invocation) -> this.status.get());
		this.server = IpcServer.bind();
		this.server.serve(new NoWorkerEvents());
		this.connection = MasterConnection.connect(this.server.socket(), 1, new MasterConnection.Listener() {

			@Override
			public void shutdownRequested() {
			}

			@Override
			public void masterLost() {
			}

			@Override
			public void statusReceived(ClusterDescriptor status) {
				StatusPushTests.this.received.add(status);
			}

		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.connectedWorkers().contains(1));
	}

	@AfterEach
	void close() throws IOException {
		this.connection.close();
		this.server.close();
	}

	@Test
	void aChangedStatusIsPushedAndAnUnchangedOneIsNot() {
		StatusPush push = new StatusPush(this.pool, this.server, 42);
		push.push();
		push.push();
		this.status.set(status(2, Duration.ofSeconds(2)));
		push.push();
		this.status.set(status(3, Duration.ofSeconds(2)));
		push.push();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 2);
		assertThat(this.received.get(0).size()).isEqualTo(2);
		assertThat(this.received.get(0).masterPid()).isEqualTo(42);
		assertThat(this.received.get(1).size()).isEqualTo(3);
	}

	@Test
	void thePoolsWarningsArePushedWithTheStatusAndANewOneIsPushedAtOnce() {
		StatusPush push = new StatusPush(this.pool, this.server, 42);
		List<io.github.clustermaster.pool.PoolWarning> warnings = new CopyOnWriteArrayList<>();
		push.warnings((size) -> (size > 1) ? List.copyOf(warnings) : List.of());
		push.push();
		warnings.add(io.github.clustermaster.pool.PerProcessState.LOCAL_CACHE.warning("a cache"));
		push.push();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.received.size() == 2);
		assertThat(this.received.get(0).warnings()).isEmpty();
		assertThat(this.received.get(1).warnings().get(0).kind()).isEqualTo("local-cache");
		assertThat(this.received.get(1).warnings().get(0).message())
			.startsWith("Each worker has its own cache (a cache)");
	}

	private static ClusterStatus status(int size, Duration age) {
		return new ClusterStatus(size, 1, false, false, false, false,
				List.of(new WorkerInfo(1, 4001, WorkerState.READY, 1, age, 0)), ClusterCounters.NONE);
	}


}
