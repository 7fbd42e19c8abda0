package io.github.clustermaster.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link WorkerWarmup} and the warm-up's side of {@link SpareGate}: the shared
 * socket stays held until the warm-up is done (and, for a spare, until it is promoted),
 * the private port is closed before the shared one opens, and only its requests are
 * left out of the counts.
 *
 * @author cluster-master
 */
class WorkerWarmupTests {

	private static final WarmupPlan PLAN = WarmupPlan.count(List.of("/"), 3, 1, Duration.ofSeconds(5));

	private static final WarmupResult DONE = new WarmupResult(new long[] { 0, 0, 3, 0, 0, 0 }, 0, null,
			Duration.ofMillis(40), "/", Duration.ofMillis(20), false);

	@Test
	void aWorkerWithoutAPlanIsNeverHeldAndRunDoesNothing() {
		SpareGate gate = new SpareGate(false);
		WorkerWarmup warmup = new WorkerWarmup(1, null, gate, (target, plan) -> {
			throw new AssertionError("no warm-up to run");
		});
		assertThat(warmup.isEnabled()).isFalse();
		assertThat(gate.isHeld()).isFalse();
		warmup.run();
		assertThat(warmup.result()).isNull();
	}

	@Test
	void theSharedSocketOpensOnlyAfterTheWarmUpAndThePrivatePortIsClosedFirst() {
		SpareGate gate = new SpareGate(false);
		List<String> events = new ArrayList<>();
		WorkerWarmup warmup = new WorkerWarmup(2, PLAN, gate, (target, plan) -> {
			assertThat(target.getAddress().isLoopbackAddress()).isTrue();
			assertThat(target.getPort()).isEqualTo(43210);
			assertThat(plan).isSameAs(PLAN);
			events.add("warm-up");
			assertThat(gate.isHeld()).as("held while warming up").isTrue();
			return DONE;
		});
		assertThat(gate.isHeld()).as("held from its creation, before the server is").isTrue();
		gate.hold("shared", () -> events.add("shared opened"));
		warmup.listenOn(port(43210, () -> events.add("private closed")));
		assertThat(warmup.isWarmupPort(43210)).as("not before it runs").isFalse();
		warmup.run();
		assertThat(events).containsExactly("warm-up", "private closed", "shared opened");
		assertThat(gate.isHeld()).isFalse();
		assertThat(warmup.result()).isSameAs(DONE);
		assertThat(warmup.isWarmupPort(43210)).isTrue();
		assertThat(warmup.isWarmupPort(8080)).isFalse();
		assertThat(warmup.isWarmupPort(-1)).isFalse();
	}

	@Test
	void aSpareThatWarmedUpStaysHeldUntilItIsPromoted() {
		SpareGate gate = new SpareGate(true);
		AtomicBoolean opened = new AtomicBoolean();
		WorkerWarmup warmup = new WorkerWarmup(3, PLAN, gate, (target, plan) -> DONE);
		gate.hold("shared", () -> opened.set(true));
		warmup.listenOn(port(43211, () -> {
		}));
		warmup.run();
		assertThat(opened).as("a spare waits for its promotion").isFalse();
		assertThat(gate.isHeld()).isTrue();
		gate.promote(3, 0);
		assertThat(opened).isTrue();
	}

	@Test
	void aSparePromotedWhileItWarmsUpOpensOnceWarmedUp() {
		SpareGate gate = new SpareGate(true);
		List<String> opened = new ArrayList<>();
		gate.warmUpFirst();
		gate.hold("shared", () -> opened.add("shared"));
		gate.promote(4, 1);
		assertThat(opened).isEmpty();
		assertThat(gate.slot(-1)).isEqualTo(1);
		assertThat(gate.warmedUp()).isTrue();
		assertThat(opened).containsExactly("shared");
	}

	@Test
	void aWarmUpThatFailsStillClosesThePrivatePortAndOpensTheSharedOne() {
		SpareGate gate = new SpareGate(false);
		List<String> events = new ArrayList<>();
		WorkerWarmup warmup = new WorkerWarmup(7, PLAN, gate, (target, plan) -> {
			throw new IllegalStateException("no thread");
		});
		gate.hold("shared", () -> events.add("shared opened"));
		warmup.listenOn(port(43212, () -> events.add("private closed")));
		warmup.run();
		assertThat(events).containsExactly("private closed", "shared opened");
		assertThat(warmup.result()).isNull();
	}

	@Test
	void aServerThatOpenedNoPrivatePortJoinsColdWithoutWaiting() {
		SpareGate gate = new SpareGate(false);
		AtomicBoolean opened = new AtomicBoolean();
		WorkerWarmup warmup = new WorkerWarmup(5, PLAN, gate, (target, plan) -> {
			throw new AssertionError("nothing to send to");
		});
		gate.hold("shared", () -> opened.set(true));
		warmup.run();
		assertThat(opened).isTrue();
		assertThat(warmup.result()).isNull();
	}

	@Test
	void aWorkerThatIsToWarmUpButWhoseServerCannotHoldBackFailsItsStartNamingTheProperty() {
		SpareGate gate = new SpareGate(false);
		new WorkerWarmup(6, PLAN, gate, (target, plan) -> DONE);
		assertThatIllegalStateException().isThrownBy(gate::check)
			.withMessageContaining("cluster.master.warmup.paths")
			.withMessageContaining("Tomcat");
	}

	private static WorkerWarmup.PrivatePort port(int port, Runnable close) {
		return new WorkerWarmup.PrivatePort() {

			@Override
			public int localPort() {
				return port;
			}

			@Override
			public void close() {
				close.run();
			}

		};
	}

}
