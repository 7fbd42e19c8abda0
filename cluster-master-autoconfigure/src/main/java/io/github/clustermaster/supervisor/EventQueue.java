package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor's queue and its one thread: API calls, process exits and IPC events are
 * posted from any thread and run, one after the other, on the supervisor's.
 *
 * @author cluster-master
 */
final class EventQueue {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> terminated;

	/** The calls posted and not run yet, oldest first. */
	private final Queue<Runnable> unrun = new ConcurrentLinkedQueue<>();

	private @Nullable Thread thread;

	/**
	 * Create the queue.
	 * @param terminated completed once the pool has ended: a call posted then fails
	 */
	EventQueue(CompletableFuture<Integer> terminated) {
		this.terminated = terminated;
		terminated.whenComplete((code, ex) -> failUnrun());
	}

	/**
	 * Post an event.
	 * @param what what happened, for the log when handling it fails
	 * @param action how to handle it
	 */
	void post(String what, Runnable action) {
		this.events.add(new Event(what, action));
	}

	/**
	 * Post a call whose future the action completes; an action that throws fails it, and
	 * so does the end of the pool before the call ran.
	 * @param <T> the result's type
	 * @param what the call, for the log
	 * @param action the call, on the supervisor's thread
	 * @return the future
	 */
	<T> CompletableFuture<T> call(String what, Consumer<CompletableFuture<T>> action) {
		CompletableFuture<T> future = new CompletableFuture<>();
		if (this.terminated.isDone()) {
			future.completeExceptionally(new IllegalStateException("The cluster has quit"));
			return future;
		}
		AtomicBoolean ran = new AtomicBoolean();
		Runnable unrun = () -> {
			if (!ran.get()) {
				future.completeExceptionally(new IllegalStateException("The cluster has quit"));
			}
		};
		this.unrun.add(unrun);
		post(what, () -> {
			ran.set(true);
			this.unrun.remove(unrun);
			try {
				action.accept(future);
			}
			catch (RuntimeException ex) {
				future.completeExceptionally(ex);
			}
		});
		if (this.terminated.isDone()) {
			// Posted while the pool was ending: no step will run it.
			failUnrun();
		}
		return future;
	}

	/**
	 * Fail the calls no step will run any more, in the order they were posted (a future's
	 * own callbacks would run last first), so that a caller that posted a command and then
	 * asked for the status sees the command fail first.
	 */
	private void failUnrun() {
		Runnable call;
		while ((call = this.unrun.poll()) != null) {
			call.run();
		}
	}

	/**
	 * Run the events that are queued, waiting up to {@code wait} for the first one. One that
	 * throws is logged with its name; the pool stays as it was before it.
	 * @param wait how long to wait for an event
	 * @throws InterruptedException if interrupted while waiting
	 */
	void runPending(Duration wait) throws InterruptedException {
		Event event = this.events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
		while (event != null) {
			try {
				event.action().run();
			}
			catch (RuntimeException ex) {
				logger.error("The supervisor failed to handle the " + event.what() + "; carrying on", ex);
			}
			event = this.events.poll();
		}
	}

	/**
	 * Start the one thread that {@linkplain #run runs} the loop; once only.
	 * @param name the thread's name
	 * @param step one step of the loop
	 * @param failed what to do with what cannot be contained
	 */
	synchronized void start(String name, Step step, Consumer<Throwable> failed) {
		if (this.thread == null) {
			Thread thread = new Thread(() -> run(step, failed), name);
			thread.start();
			this.thread = thread;
		}
	}

	/**
	 * Interrupt the loop's thread, which ends it, unless called on that thread.
	 */
	synchronized void interrupt() {
		Thread thread = this.thread;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
	}

	/**
	 * Run steps, one after the other, on the calling thread until the pool has ended. A
	 * step that throws a {@link RuntimeException} is logged and the next one runs; what
	 * cannot be contained (an {@link Error}) is handed to {@code failed} and ends the loop,
	 * as does an interrupt.
	 * @param step one step of the loop
	 * @param failed what to do with what cannot be contained
	 */
	void run(Step step, Consumer<Throwable> failed) {
		while (!this.terminated.isDone()) {
			try {
				step.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.error("The supervisor's reconcile step failed; carrying on", ex);
			}
			catch (Throwable ex) {
				failed.accept(ex);
				return;
			}
		}
	}

	/** One step of the loop. */
	@FunctionalInterface
	interface Step {

		void run() throws InterruptedException;

	}

	/** What happened, for the log when handling it fails, and how to handle it. */
	private record Event(String what, Runnable action) {
	}

}
