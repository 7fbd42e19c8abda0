package io.github.clustermaster.ipc;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.clustermaster.lease.LeaseInfo;
import io.github.clustermaster.supervisor.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the lease frames between {@link MasterConnection} and {@link IpcServer}, over
 * a real UNIX socket.
 */
class LeaseIpcTests {

	private static final Duration TTL = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Links events = new Links();

	private IpcServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = IpcServer.bind();
		this.server.serve(this.events);
	}

	@AfterEach
	void closeServer() throws IOException {
		this.server.close();
	}

	@Test
	void aLeaseIsGrantedToOneWorkerAndRefusedToAnotherNamingItsHolder() throws Exception {
		try (MasterConnection one = connect(1); MasterConnection two = connect(2)) {
			Frame.LeaseReply granted = ask(one, "acquire", "scheduling");
			assertThat(granted.granted()).isTrue();
			assertThat(granted.holder()).isEqualTo(1);
			assertThat(granted.until()).isGreaterThan(System.currentTimeMillis() + 8000);
			Frame.LeaseReply refused = ask(two, "acquire", "scheduling");
			assertThat(refused.granted()).isFalse();
			assertThat(refused.holder()).isEqualTo(1);
			assertThat(refused.until()).isEqualTo(granted.until());
			assertThat(this.server.leases().leases()).extracting(LeaseInfo::name, LeaseInfo::holder, LeaseInfo::holderPid)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("scheduling", 1, ProcessHandle.current().pid()));
		}
	}

	@Test
	void theHolderRenewsAndReleasesAndTheNextWorkerGetsIt() throws Exception {
		try (MasterConnection one = connect(1); MasterConnection two = connect(2)) {
			ask(one, "acquire", "job");
			assertThat(ask(one, "renew", "job").granted()).isTrue();
			assertThat(ask(one, "release", "job").granted()).as("it held it").isTrue();
			assertThat(ask(two, "acquire", "job").granted()).isTrue();
		}
	}

	@Test
	void aClosedConnectionFreesItsWorkersLeases() throws Exception {
		try (MasterConnection two = connect(2)) {
			MasterConnection one = connect(1);
			ask(one, "acquire", "scheduling");
			one.close();
			await().atMost(TIMEOUT).until(() -> this.server.leases().leases().isEmpty());
			assertThat(ask(two, "acquire", "scheduling").granted()).isTrue();
		}
	}

	@Test
	void aWorkerTheMasterAsksToStopGetsNoNewLease() throws Exception {
		try (MasterConnection one = connect(1)) {
			await().atMost(TIMEOUT).until(() -> this.events.links.containsKey(1));
			this.events.links.get(1).requestShutdown();
			assertThat(ask(one, "acquire", "scheduling").granted()).isFalse();
		}
	}

	@Test
	void aMalformedRequestIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
		try (MasterConnection one = connect(1)) {
			Frame.LeaseReply reply = one.lease("acquire", "job", Duration.ofMillis(1), TIMEOUT)
				.get(5, TimeUnit.SECONDS);
			assertThat(reply.granted()).isFalse();
			assertThat(reply.error()).isEqualTo("The time to live of lease 'job' must be between 500 ms and 24 h, got 1 ms");
			assertThat(ask(one, "acquire", "job").granted()).isTrue();
		}
	}

	private MasterConnection connect(int id) throws IOException {
		return MasterConnection.connect(this.server.socket(), id, new IpcTests.RecordingListener());
	}

	private static Frame.LeaseReply ask(MasterConnection connection, String op, String name) throws Exception {
		return connection.lease(op, name, op.startsWith("release") ? Duration.ZERO : TTL, TIMEOUT)
			.get(5, TimeUnit.SECONDS);
	}

	static final class Links extends IpcTests.RecordingEvents {

		final Map<Integer, WorkerLink> links = new ConcurrentHashMap<>();

		@Override
		public void connected(int id, long pid, WorkerLink link) {
			this.links.put(id, link);
			super.connected(id, pid, link);
		}

	}

}
