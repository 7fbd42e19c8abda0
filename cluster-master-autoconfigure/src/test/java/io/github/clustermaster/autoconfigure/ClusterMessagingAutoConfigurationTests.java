package io.github.clustermaster.autoconfigure;

import java.io.IOException;

import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.messaging.ClusterWorker;
import io.github.clustermaster.worker.SessionClusterWorker;
import io.github.clustermaster.worker.WorkerSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterMessagingAutoConfiguration}.
 */
class ClusterMessagingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterMessagingAutoConfiguration.class));

	@Test
	void aStandaloneApplicationGetsAWorkerWithoutAMaster() {
		this.runner.run((context) -> {
			ClusterWorker worker = context.getBean(ClusterWorker.class);
			assertThat(worker.isWorker()).isFalse();
			assertThat(worker.id()).isZero();
			assertThat(worker.slot()).isZero();
			worker.send("dropped");
			assertThat(worker.request("hi", String.class)).isCompletedExceptionally();
		});
	}

	@Test
	void aWorkerGetsAWorkerThatTalksToItsMaster() throws IOException {
		try (IpcServer server = IpcServer.bind()) {
			server.serve(new ClusterRunListenerTests.RecordingEvents());
			WorkerSession session = WorkerSession.connect(9, server.socket());
			try {
				this.runner.withBean(WorkerSession.class, () -> session)
					.run((context) -> assertThat(context).getBean(ClusterWorker.class)
						.isInstanceOf(SessionClusterWorker.class)
						.extracting(ClusterWorker::id)
						.isEqualTo(9));
			}
			finally {
				session.close();
			}
		}
	}

	@Test
	void theUsersOwnWorkerBacksOff() {
		ClusterWorker mine = ClusterWorker.standalone();
		this.runner.withBean(ClusterWorker.class, () -> mine)
			.run((context) -> assertThat(context).getBean(ClusterWorker.class).isSameAs(mine));
	}

}
