package io.github.clustermaster.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the {@link Supervisor} tests of each concern share: a supervisor driven one
 * {@code step} at a time on the test thread with fake processes and a clock that only moves
 * when told, so no real process or thread is ever started, and the helpers that drive it.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class SupervisorTestSupport {

	static final Duration MIN_RESTART_AGE = Duration.ofSeconds(2);

	static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	static final Duration HEARTBEAT_TIMEOUT = Duration.ofHours(1);

	static final RestartIntensity INTENSITY = new RestartIntensity(10, Duration.ofSeconds(60),
			Duration.ofSeconds(1), Duration.ofSeconds(4));

	static final Map<String, String> ENV = Map.of("MODE", "blue");

	final MutableClock clock = new MutableClock();

	final FakeLauncher launcher = new FakeLauncher();

	final Map<Integer, FakeLink> links = new HashMap<>();

	Supervisor supervisor;

	static SupervisorSettings settings(int size) {
		return SupervisorFixture.settings(size);
	}

	static SupervisorSettings settings(int size, MaxSurge maxSurge) {
		return settings(size).withMaxSurge(maxSurge);
	}

	static SupervisorSettings settings(int size, RestartIntensity intensity) {
		return settings(size).withIntensity(intensity);
	}

	void start(SupervisorSettings settings) {
		this.supervisor = SupervisorFixture.supervisor(settings, this.launcher, ENV, this.clock);
		step();
	}

	void start(SupervisorSettings settings, IOException launchFailure) {
		this.launcher.failWith(launchFailure);
		start(settings);
	}

	void step() {
		SupervisorSteps.step(this.supervisor);
	}

	/** Step and check the rolling-restart promise of never fewer than two ready workers. */
	void stepKeepingTwoReady() {
		stepKeeping(2);
	}

	/** Step and check that at least {@code ready} workers are ready. */
	void stepKeeping(int ready) {
		step();
		assertThat(this.supervisor.status().count(WorkerState.READY)).as("ready workers")
			.isGreaterThanOrEqualTo(ready);
	}

	void readyKeeping(int ready, int id) {
		connect(id);
		this.supervisor.ready(id);
		stepKeeping(ready);
	}

	void readyKeepingTwoReady(int id) {
		connect(id);
		this.supervisor.ready(id);
		stepKeepingTwoReady();
	}

	long pid(int id) {
		return this.launcher.process(id).pid();
	}

	FakeLink connect(int id) {
		FakeLink link = new FakeLink();
		this.links.put(id, link);
		this.supervisor.connected(id, pid(id), link);
		return link;
	}

	/** Connect the workers, report them ready, and step once. */
	void ready(int... ids) {
		for (int id : ids) {
			connect(id);
			this.supervisor.ready(id);
		}
		step();
	}

	void heartbeat(int id) {
		this.supervisor.heartbeat(id, null);
	}

	void exit(int id, int code) {
		this.launcher.process(id).exit(code);
		step();
	}

	int stopRequests(int... ids) {
		int requests = 0;
		for (int id : ids) {
			requests += this.links.get(id).shutdownRequests() + this.launcher.process(id).terminations();
		}
		return requests;
	}

	void assertRespawnedAfter(Duration backoff, int nextId) {
		int before = this.launcher.launches().size();
		this.clock.advance(backoff.minusMillis(1));
		step();
		assertThat(this.launcher.launches()).as("launches before the backoff of %s is over", backoff)
			.hasSize(before);
		this.clock.advance(Duration.ofMillis(1));
		step();
		List<Integer> ids = this.launcher.launches().stream().map(FakeLauncher.Launch::id).toList();
		assertThat(ids).as("launches once the backoff of %s is over", backoff).hasSize(before + 1).endsWith(nextId);
	}

	Map<Integer, WorkerState> workers() {
		return SupervisorSteps.states(this.supervisor);
	}

	static <T> ThrowableAssertAlternative<?> assertFailure(CompletableFuture<T> future,
			Class<? extends Throwable> type) {
		assertThat(future).isCompletedExceptionally();
		return assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join)
			.havingCause()
			.isInstanceOf(type);
	}

}
