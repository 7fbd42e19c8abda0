package io.github.clustermaster.systemd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.clustermaster.supervisor.ClusterCounters;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.WorkerInfo;
import io.github.clustermaster.supervisor.WorkerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SystemdNotifier}: what the service manager is told, status by status.
 */
class SystemdNotifierTests {

	private final List<String> sent = new ArrayList<>();

	private long nanos = 1_000_000_000L;

	private SystemdNotifier notifier(Duration watchdog) {
		return new SystemdNotifier(new NotificationSender() {

			@Override
			public void send(String state) {
				SystemdNotifierTests.this.sent.add(state);
			}

			@Override
			public void close() {
			}

		}, watchdog, () -> this.nanos);
	}

	@Test
	void readyIsSentOnlyOnceEveryWorkerIsReady() {
		SystemdNotifier notifier = notifier(null);
		notifier.accept(status(2, 1, false, false, WorkerState.STARTING, WorkerState.STARTING));
		notifier.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.STARTING));
		assertThat(this.sent).noneMatch((state) -> state.contains("READY=1"));
		assertThat(this.sent.get(0)).contains("STATUS=0/2 workers ready, generation 1, starting workers")
			.contains("EXTEND_TIMEOUT_USEC=30000000");
		notifier.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		assertThat(last()).isEqualTo("READY=1\nSTATUS=2/2 workers ready, generation 1");
	}

	@Test
	void theStartIsExtendedWhileWorkersBootAndNoLongerOnceReady() {
		SystemdNotifier notifier = notifier(null);
		ClusterStatus booting = status(1, 1, false, false, WorkerState.STARTING);
		notifier.accept(booting);
		this.nanos += Duration.ofSeconds(5).toNanos();
		notifier.accept(booting);
		this.nanos += Duration.ofSeconds(6).toNanos();
		notifier.accept(booting);
		assertThat(this.sent).filteredOn((state) -> state.contains("EXTEND_TIMEOUT_USEC")).hasSize(2);
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		this.nanos += Duration.ofSeconds(60).toNanos();
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		assertThat(this.sent).filteredOn((state) -> state.contains("EXTEND_TIMEOUT_USEC")).hasSize(2);
	}

	@Test
	void aRollingRestartIsAReloadThatEndsWithReady() {
		SystemdNotifier notifier = notifier(null);
		notifier.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		this.sent.clear();
		notifier.accept(status(2, 2, true, false, WorkerState.READY, WorkerState.READY, WorkerState.STARTING));
		assertThat(last()).isEqualTo("RELOADING=1\nMONOTONIC_USEC=" + this.nanos / 1000
				+ "\nSTATUS=2/2 workers ready, generation 2, rolling restart");
		notifier.accept(status(2, 2, true, false, WorkerState.READY, WorkerState.READY, WorkerState.READY));
		assertThat(this.sent).noneMatch((state) -> state.contains("READY=1\n") && !state.startsWith("RELOADING"));
		notifier.accept(status(2, 2, false, false, WorkerState.READY, WorkerState.READY));
		assertThat(last()).isEqualTo("READY=1\nSTATUS=2/2 workers ready, generation 2");
	}

	@Test
	void quittingIsStoppingOnceWithTheStopExtended() {
		SystemdNotifier notifier = notifier(null);
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		notifier.accept(status(0, 1, false, true, WorkerState.STOPPING));
		notifier.accept(status(0, 1, false, true, WorkerState.STOPPING));
		assertThat(this.sent).filteredOn((state) -> state.contains("STOPPING=1")).hasSize(1);
		assertThat(last()).startsWith("STOPPING=1\nSTATUS=0/0 workers ready, generation 1, quitting")
			.contains("EXTEND_TIMEOUT_USEC=30000000");
	}

	@Test
	void theWatchdogIsPingedAtHalfItsIntervalWhateverThePoolDoes() {
		SystemdNotifier notifier = notifier(Duration.ofSeconds(2));
		ClusterStatus restarting = status(1, 2, true, false, WorkerState.READY, WorkerState.STARTING);
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		for (int i = 0; i < 40; i++) {
			this.nanos += Duration.ofMillis(100).toNanos();
			notifier.accept(restarting);
		}
		assertThat(this.sent).filteredOn((state) -> state.contains("WATCHDOG=1")).hasSize(4);
	}

	@Test
	void nothingIsSentWhileNothingChanges() {
		SystemdNotifier notifier = notifier(null);
		ClusterStatus ready = status(1, 1, false, false, WorkerState.READY);
		notifier.accept(ready);
		int before = this.sent.size();
		IntStream.range(0, 10).forEach((i) -> notifier.accept(ready));
		assertThat(this.sent).hasSize(before);
	}

	@Test
	void theWatchdogIsOnlyTheMastersWhenSystemdNamesAPid() {
		assertThat(SystemdNotifier.watchdog(Map.of("WATCHDOG_USEC", "3000000"), 42)).isEqualTo(Duration.ofSeconds(3));
		assertThat(SystemdNotifier.watchdog(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "42"), 42))
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(SystemdNotifier.watchdog(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "7"), 42)).isNull();
		assertThat(SystemdNotifier.watchdog(Map.of("WATCHDOG_USEC", "soon"), 42)).isNull();
		assertThat(SystemdNotifier.watchdog(Map.of(), 42)).isNull();
	}

	@Test
	void anUpgradeReloadsUntilTheOldMasterHandsOverAndThenSaysNothingMoreNotEvenStopping() {
		SystemdNotifier notifier = notifier(Duration.ofSeconds(2));
		notifier.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		this.sent.clear();
		notifier.upgradeStarted(7001);
		assertThat(last()).isEqualTo("RELOADING=1\nMONOTONIC_USEC=" + this.nanos / 1000
				+ "\nSTATUS=Upgrade: new master pid 7001 starting");
		notifier.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		assertThat(last()).isEqualTo("STATUS=2/2 workers ready, generation 1, upgrading to master pid 7001");
		notifier.handOver(7001);
		assertThat(last()).isEqualTo("MAINPID=7001\nSTATUS=Upgrade: master pid 7001 took over");
		int sent = this.sent.size();
		this.nanos += Duration.ofSeconds(5).toNanos();
		notifier.accept(status(0, 1, false, true, WorkerState.STOPPING, WorkerState.STOPPING));
		assertThat(this.sent).hasSize(sent);
	}

	@Test
	void aFailedUpgradeEndsTheReloadWithReady() {
		SystemdNotifier notifier = notifier(null);
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		notifier.upgradeStarted(7001);
		notifier.upgradeFailed("new master pid 7001 exited with code 1 before it was ready");
		assertThat(last()).isEqualTo(
				"READY=1\nSTATUS=Upgrade failed: new master pid 7001 exited with code 1 before it was ready");
		notifier.accept(status(1, 1, false, false, WorkerState.READY));
		assertThat(last()).isEqualTo("STATUS=1/1 workers ready, generation 1");
	}

	@Test
	void aNewMasterIsSilentUntilItTakesOverThenNamesItselfTheMainProcessReadyAndPingsTheWatchdog() {
		SystemdNotifier waiting = new SystemdNotifier(new NotificationSender() {

			@Override
			public void send(String state) {
				SystemdNotifierTests.this.sent.add(state);
			}

			@Override
			public void close() {
			}

		}, Duration.ofSeconds(2), () -> this.nanos, true);
		waiting.accept(status(2, 1, false, false, WorkerState.STARTING, WorkerState.STARTING));
		this.nanos += Duration.ofSeconds(3).toNanos();
		waiting.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		assertThat(this.sent).isEmpty();
		waiting.takeOver(8002);
		waiting.accept(status(2, 1, false, false, WorkerState.READY, WorkerState.READY));
		assertThat(last()).isEqualTo("MAINPID=8002\nREADY=1\nSTATUS=2/2 workers ready, generation 1\nWATCHDOG=1");
	}

	private String last() {
		return this.sent.get(this.sent.size() - 1);
	}

	private static ClusterStatus status(int size, int generation, boolean restarting, boolean quitting,
			WorkerState... states) {
		List<WorkerInfo> workers = new ArrayList<>();
		for (int i = 0; i < states.length; i++) {
			workers.add(new WorkerInfo(i + 1, 100 + i, states[i], generation, Duration.ofSeconds(1), 0));
		}
		return new ClusterStatus(size, generation, restarting, false, false, quitting, workers,
				ClusterCounters.NONE);
	}

}
