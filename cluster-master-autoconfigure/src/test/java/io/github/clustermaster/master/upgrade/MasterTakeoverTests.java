package io.github.clustermaster.master.upgrade;

import java.io.BufferedReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MasterTakeover}, the new master's side of an upgrade, with the test as
 * the old master on the hand-over socket.
 */
class MasterTakeoverTests {

	@TempDir
	Path directory;

	private final AtomicInteger quits = new AtomicInteger();

	private final List<MasterUpgradeEvent> events = new CopyOnWriteArrayList<>();

	@Test
	void aMasterNoUpgradeStartedHasTakenOverFromTheStart() {
		MasterTakeover takeover = takeover(null);
		takeover.start();
		takeover.accept(status(2, WorkerState.READY, WorkerState.READY));
		assertThat(takeover.pending()).isFalse();
		assertThat(this.events).isEmpty();
	}

	@Test
	void itSaysReadyOnceSizeWorkersAreReadyAndTakesOverWhenTheOldMasterAnswers() throws Exception {
		Path socket = this.directory.resolve("upgrade-1");
		try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			old.bind(UnixDomainSocketAddress.of(socket));
			MasterTakeover takeover = takeover(new UpgradeEnvironment.Predecessor(4242, socket));
			takeover.start();
			try (SocketChannel link = old.accept()) {
				takeover.accept(status(2, WorkerState.READY, WorkerState.STARTING));
				takeover.accept(status(2, WorkerState.READY, WorkerState.READY));
				takeover.accept(status(2, WorkerState.READY, WorkerState.READY));
				BufferedReader in = new BufferedReader(Channels.newReader(link, StandardCharsets.UTF_8));
				assertThat(in.readLine()).isEqualTo("ready 2");
				assertThat(takeover.pending()).isTrue();
				assertThat(this.events).isEmpty();
				link.write(StandardCharsets.UTF_8.encode("take-over\n"));
				await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.isEmpty());
			}
			assertThat(takeover.pending()).isFalse();
			assertThat(this.events).singleElement().satisfies((event) -> {
				assertThat(event.kind()).isEqualTo(MasterUpgradeEvent.Kind.TOOK_OVER);
				assertThat(event.otherPid()).isEqualTo(4242);
			});
			assertThat(this.quits).hasValue(0);
		}
	}

	@Test
	void itQuitsWhenTheOldMasterClosesTheLinkBeforeHandingOver() throws Exception {
		Path socket = this.directory.resolve("upgrade-1");
		try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			old.bind(UnixDomainSocketAddress.of(socket));
			MasterTakeover takeover = takeover(new UpgradeEnvironment.Predecessor(4242, socket));
			takeover.start();
			old.accept().close();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.quits.get() == 1);
			assertThat(takeover.pending()).isTrue();
			assertThat(this.events).isEmpty();
		}
	}

	@Test
	void itDoesNotStartWhenTheOldMasterCannotBeReached() {
		Path socket = this.directory.resolve("gone");
		MasterTakeover takeover = takeover(new UpgradeEnvironment.Predecessor(4242, socket));
		assertThatIllegalStateException().isThrownBy(takeover::start)
			.withMessageStartingWith("Upgrade: cannot reach master pid 4242, which started this master, on " + socket)
			.withMessageEndingWith("; this master does not start");
	}

	private MasterTakeover takeover(UpgradeEnvironment.Predecessor predecessor) {
		return new MasterTakeover(predecessor, this.quits::incrementAndGet, null,
				(event) -> this.events.add((MasterUpgradeEvent) event));
	}

	private static ClusterStatus status(int size, WorkerState... states) {
		List<WorkerInfo> workers = new CopyOnWriteArrayList<>();
		for (int i = 0; i < states.length; i++) {
			workers.add(new WorkerInfo(i + 1, 100 + i, states[i], 1, Duration.ofSeconds(1), 0));
		}
		return new ClusterStatus(size, 1, false, false, false, false, workers, ClusterCounters.NONE);
	}

}
