package io.github.clustermaster.master;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.ipc.Frame;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.MasterConnection;
import io.github.clustermaster.ipc.SessionCall;
import io.github.clustermaster.master.upgrade.MasterUpgradeEvent;
import io.github.clustermaster.master.upgrade.UpgradeEnvironment;
import io.github.clustermaster.session.ClusterSessionProperties;
import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLink;
import io.github.clustermaster.supervisor.WorkerStats;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MasterSessions}: a master upgrade with two real IPC servers, each with
 * a worker connected.
 */
class MasterSessionsTests {

	private final IpcServer oldServer = bind();

	private final IpcServer newServer = bind();

	private MasterConnection oldWorker;

	private MasterConnection newWorker;

	@AfterEach
	void close() throws IOException {
		for (MasterConnection worker : new MasterConnection[] { this.oldWorker, this.newWorker }) {
			if (worker != null) {
				worker.close();
			}
		}
		this.oldServer.close();
		this.newServer.close();
	}

	@Test
	void duringAnUpgradeBothPoolsSeeOneStoreAndTheNewMasterTakesItOver() throws Exception {
		MasterSessions old = MasterSessions.serve(new ClusterSessionProperties(), this.oldServer, null);
		this.oldWorker = connect(this.oldServer, 1);
		save(this.oldWorker, "before", "a");
		MasterSessions next = MasterSessions.serve(new ClusterSessionProperties(), this.newServer,
				new UpgradeEnvironment.Predecessor(42, this.oldServer.socket().resolveSibling("upgrade-1")));
		this.newWorker = connect(this.newServer, 3);
		// Before the take-over, the new pool reads and writes the old master's store
		assertThat(find(this.newWorker, "before")).isNotNull();
		save(this.newWorker, "during", "b");
		assertThat(find(this.oldWorker, "during")).isNotNull();
		assertThat(next.store().stats().sessions()).isZero();

		next.onApplicationEvent(new MasterUpgradeEvent(this, MasterUpgradeEvent.Kind.TOOK_OVER, 42));
		assertThat(next.store().stats().sessions()).isEqualTo(2);
		// After it, the old pool's draining workers reach the new master's store
		save(this.oldWorker, "draining", "c");
		assertThat(next.store().find("draining")).isNotNull();
		assertThat(find(this.newWorker, "draining")).isNotNull();
		assertThat(find(this.oldWorker, "before").attributes()).containsKey("a");
		assertThat(old.store().find("draining")).as("the old store is no longer written").isNull();
	}

	@Test
	void aNewMasterThatCannotReachTheOldOneServesItsOwnStore() throws Exception {
		MasterSessions next = MasterSessions.serve(new ClusterSessionProperties(), this.newServer,
				new UpgradeEnvironment.Predecessor(42, Path.of("/nonexistent/upgrade-1")));
		this.newWorker = connect(this.newServer, 3);
		save(this.newWorker, "s", "a");
		assertThat(next.store().stats().sessions()).isEqualTo(1);
	}

	private static void save(MasterConnection worker, String id, String attribute) throws Exception {
		Frame.SessionReply reply = worker
			.session(new SessionCall(SessionCall.Op.SAVE, id, null, 1, 600, Map.of(attribute, new byte[] { 1 }),
					List.of()), Duration.ofSeconds(5))
			.get(5, TimeUnit.SECONDS);
		assertThat(reply.error()).isNull();
	}

	private static io.github.clustermaster.ipc.@Nullable SessionData find(MasterConnection worker, String id)
			throws Exception {
		Frame.SessionReply reply = worker.session(SessionCall.find(id), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
		assertThat(reply.error()).isNull();
		return reply.session();
	}

	private static MasterConnection connect(IpcServer server, int id) throws IOException {
		return MasterConnection.connect(server.socket(), id, new MasterConnection.Listener() {

			@Override
			public void shutdownRequested() {
			}

			@Override
			public void masterLost() {
			}

		});
	}

	private static IpcServer bind() {
		try {
			IpcServer server = IpcServer.bind();
			server.serve(new WorkerEvents() {

				@Override
				public void connected(int id, long pid, WorkerLink link) {
				}

				@Override
				public void ready(int id) {
				}

				@Override
				public void heartbeat(int id, @Nullable WorkerStats stats) {
				}

				@Override
				public void disconnected(int id) {
				}

			});
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
