package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * How the pool ends: it serves until a quit begins (graceful, or hard: a second quit is
 * hard), quits until every worker and spare has gone (the {@link GracefulQuit} decides who
 * stops when), then has ended with the master's exit code. A supervisor that fails ends at
 * once. Only the supervisor thread changes it; {@link #terminated} may be read anywhere.
 *
 * @author cluster-master
 */
final class Ending {

	/** Where it reports what it decides. */
	private final Consumer<SupervisorEvent> events;

	private final CompletableFuture<Integer> terminated = new CompletableFuture<>();

	/** The quit in progress, or {@code null} while the pool serves. */
	private @Nullable GracefulQuit quit;

	Ending() {
		this(SupervisorLog::log);
	}

	Ending(Consumer<SupervisorEvent> events) {
		this.events = events;
	}

	/**
	 * The future completed with the master's exit code once the pool has ended.
	 * @return the future
	 */
	CompletableFuture<Integer> terminated() {
		return this.terminated;
	}

	/**
	 * Whether a quit has begun (or the pool has ended).
	 * @return whether it has
	 */
	boolean isQuitting() {
		return this.quit != null;
	}

	/**
	 * Refuse what only a serving pool does (a resize, a restart).
	 * @throws IllegalStateException once a quit has begun
	 */
	void assertServing() {
		if (this.quit != null) {
			throw new IllegalStateException("The master is quitting");
		}
	}

	/**
	 * Begin a graceful quit (see {@link GracefulQuit#graceful}), unless one has begun: a
	 * second quit is hard, which the caller carries out.
	 * @param now the time
	 * @param settings the quit delay
	 * @param workers how many workers the pool has
	 * @return whether it began; {@code false} for a second quit
	 */
	boolean quitGracefully(Instant now, SupervisorSettings settings, int workers) {
		if (this.quit != null) {
			this.events.accept(new SupervisorEvent.QuitHard(true));
			return false;
		}
		this.quit = GracefulQuit.graceful(now);
		this.events.accept(new SupervisorEvent.Quitting(settings.quitDelay(), workers));
		return true;
	}

	/**
	 * Quit hard: the caller kills every worker, and the master exits with that code once
	 * they have gone.
	 * @param exitCode the master's exit code
	 */
	void quitHard(int exitCode) {
		this.quit = GracefulQuit.hard(exitCode);
	}

	/**
	 * The supervisor failed: the pool ends now, without waiting for its workers.
	 * @param exitCode the master's exit code
	 */
	void failed(int exitCode) {
		this.quit = GracefulQuit.hard(exitCode);
		this.terminated.complete(exitCode);
	}

	/**
	 * Answer a quit's caller with the exit code once the pool has ended.
	 * @param caller the caller's future
	 */
	void answer(CompletableFuture<Integer> caller) {
		this.terminated.whenComplete((code, ex) -> caller.complete(code));
	}

	/**
	 * A pass of the loop while quitting: stop the workers that are due to stop (see
	 * {@link GracefulQuit#step}) and every spare; once none is left, say so.
	 * @param pool the pool
	 * @param spares the spares
	 * @param now the time
	 * @param settings the quit delay and the shutdown timeout
	 * @param acceptQueue the shared socket's accept queue
	 * @return whether every worker has gone: the caller publishes the last status, then
	 * {@linkplain #end ends} the pool
	 */
	boolean step(Pool pool, Spares spares, Instant now, SupervisorSettings settings, AcceptQueueWatch acceptQueue) {
		GracefulQuit quit = this.quit;
		if (quit == null) {
			return false;
		}
		quit.step(pool.live(), now, settings, acceptQueue);
		spares.stopAll(now);
		if (pool.isEmpty() && spares.isEmpty()) {
			this.events.accept(new SupervisorEvent.PoolEnded(quit.exitCode()));
			return true;
		}
		return false;
	}

	/**
	 * End the pool: the master exits with the quit's code.
	 */
	void end() {
		GracefulQuit quit = this.quit;
		if (quit != null) {
			this.terminated.complete(quit.exitCode());
		}
	}

}
