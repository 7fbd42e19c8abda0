package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EventQueue} alone, on the test's thread.
 *
 * @author cluster-master
 */
@ExtendWith(OutputCaptureExtension.class)
class EventQueueTests {

	private final CompletableFuture<Integer> terminated = new CompletableFuture<>();

	private final EventQueue events = new EventQueue(this.terminated);

	@Test
	void eventsRunInOrderAndOneThatThrowsIsLoggedWithItsName(CapturedOutput output) throws Exception {
		List<String> ran = new ArrayList<>();
		this.events.post("first", () -> ran.add("first"));
		this.events.post("worker 3 ready", () -> {
			throw new IllegalStateException("boom");
		});
		this.events.post("third", () -> ran.add("third"));
		this.events.runPending(Duration.ZERO);
		assertThat(ran).containsExactly("first", "third");
		assertThat(output).contains("The supervisor failed to handle the worker 3 ready; carrying on");
	}

	@Test
	void aCallThatThrowsFailsItsFutureAndOnePostedAfterTheEndFailsAtOnce() throws Exception {
		CompletableFuture<String> failing = this.events.call("resize", (future) -> {
			throw new IllegalStateException("The master is quitting");
		});
		CompletableFuture<String> answered = this.events.call("status", (future) -> future.complete("ok"));
		CompletableFuture<String> neverRun = new CompletableFuture<>();
		this.events.runPending(Duration.ZERO);
		assertThat(failing).isCompletedExceptionally();
		assertThat(answered).isCompletedWithValue("ok");
		CompletableFuture<String> pending = this.events.call("restart", (future) -> neverRun.complete("ran"));
		this.terminated.complete(0);
		assertThat(pending).as("the pool ended before it ran").isCompletedExceptionally();
		assertThat(this.events.call("quit", (future) -> future.complete("late"))).isCompletedExceptionally();
	}

	@Test
	void callsNoStepWillRunFailInTheOrderTheyWerePostedWhenThePoolEnds() {
		List<String> failed = new ArrayList<>();
		for (String call : List.of("resize", "status", "restart")) {
			this.events.call(call, (future) -> future.complete(call))
				.whenComplete((result, ex) -> failed.add(call + ": " + ex.getMessage()));
		}
		this.events.call("ran", (future) -> future.complete("ran"));
		// A command's future fails before the status asked after it, as the control path reads them
		this.terminated.complete(0);
		assertThat(failed).containsExactly("resize: The cluster has quit", "status: The cluster has quit",
				"restart: The cluster has quit");
	}

	@Test
	void theLoopCarriesOnAfterAStepThatThrowsAndEndsWithThePool(CapturedOutput output) {
		AtomicInteger steps = new AtomicInteger();
		this.events.run(() -> {
			if (steps.incrementAndGet() == 1) {
				throw new IllegalStateException("boom");
			}
			this.terminated.complete(0);
		}, (ex) -> {
			throw new AssertionError("not contained", ex);
		});
		assertThat(steps).hasValue(2);
		assertThat(output).contains("The supervisor's reconcile step failed; carrying on");
	}

	@Test
	void whatCannotBeContainedEndsTheLoop() {
		AtomicInteger steps = new AtomicInteger();
		AtomicReference<Throwable> failed = new AtomicReference<>();
		this.events.run(() -> {
			steps.incrementAndGet();
			throw new OutOfMemoryError("test");
		}, failed::set);
		assertThat(steps).hasValue(1);
		assertThat(failed.get()).isInstanceOf(OutOfMemoryError.class);
	}

	@Test
	void anInterruptEndsTheLoop() {
		AtomicInteger steps = new AtomicInteger();
		this.events.run(() -> {
			steps.incrementAndGet();
			throw new InterruptedException();
		}, (ex) -> {
			throw new AssertionError("not contained", ex);
		});
		assertThat(steps).hasValue(1);
		assertThat(Thread.interrupted()).as("the interrupt is kept (and cleared here)").isTrue();
	}

	@Test
	void theLoopRunsOnOneThreadOfItsOwnStartedOnceAndAnInterruptFromElsewhereEndsIt() {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		AtomicInteger steps = new AtomicInteger();
		EventQueue.Step step = () -> {
			threads.add(Thread.currentThread());
			steps.incrementAndGet();
			Thread.sleep(10);
		};
		this.events.start("the-loop", step, (ex) -> {
		});
		this.events.start("a-second-loop", step, (ex) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> steps.get() > 2);
		this.events.interrupt();
		assertThat(threads).hasSize(1).allSatisfy((thread) -> assertThat(thread.getName()).isEqualTo("the-loop"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !threads.iterator().next().isAlive());
		assertThat(this.terminated).as("the pool has not ended: only the loop has").isNotDone();
	}

}
