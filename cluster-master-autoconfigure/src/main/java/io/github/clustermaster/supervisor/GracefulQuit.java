package io.github.clustermaster.supervisor;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A quit in progress and the code the master exits with once every worker is gone. A
 * graceful quit lets the workers serve on for the quit delay, then every worker but one
 * drains; the last one serves the connections still waiting in the shared socket's
 * accept queue (so that they are answered, not reset when the socket closes), then goes
 * too: once the queue is empty, or after the shutdown timeout. Without a known queue (not
 * Linux) or for a hard quit, every worker goes at once. Only the supervisor thread uses it.
 *
 * @author cluster-master
 */
final class GracefulQuit {

	private final int exitCode;

	/** When a graceful quit began; {@code null} for a hard one. */
	private final @Nullable Instant startedAt;

	/** The last worker, which serves the accept queue's backlog. */
	private @Nullable WorkerHandle lastServer;

	/** When the last worker was left to serve the backlog alone. */
	private @Nullable Instant lastServerSince;

	private GracefulQuit(int exitCode, @Nullable Instant startedAt) {
		this.exitCode = exitCode;
		this.startedAt = startedAt;
	}

	/**
	 * A graceful quit, exiting with 0.
	 * @param now when it began
	 * @return the quit
	 */
	static GracefulQuit graceful(Instant now) {
		return new GracefulQuit(0, now);
	}

	/**
	 * A hard quit: every worker is killed.
	 * @param exitCode the master's exit code
	 * @return the quit
	 */
	static GracefulQuit hard(int exitCode) {
		return new GracefulQuit(exitCode, null);
	}

	/** The code the master exits with once every worker is gone. */
	int exitCode() {
		return this.exitCode;
	}

	/**
	 * Stop the workers that are due to stop.
	 * @param live the live workers, oldest first
	 * @param now the time
	 * @param settings the quit delay and the shutdown timeout
	 * @param acceptQueue the shared socket's accept queue
	 */
	void step(List<WorkerHandle> live, Instant now, SupervisorSettings settings, AcceptQueueWatch acceptQueue) {
		Instant quitAt = this.startedAt;
		if (quitAt != null && now.isBefore(quitAt.plus(settings.quitDelay()))) {
			return;
		}
		WorkerHandle last = this.lastServer;
		if (quitAt != null && last == null && !live.isEmpty()) {
			int queued = acceptQueue.depth();
			if (queued >= 0) {
				last = live.stream()
					.filter((worker) -> worker.state == WorkerState.READY)
					.reduce((first, second) -> second)
					.orElse(null);
				this.lastServer = last;
				this.lastServerSince = now;
				if (last != null) {
					last.report(new SupervisorEvent.QuitLastServer(last.who(), queued));
				}
			}
		}
		for (WorkerHandle worker : live) {
			if (worker != last) {
				worker.stop(now, "quit");
			}
		}
		if (last != null && last.isLive()) {
			int queued = acceptQueue.depth();
			Instant since = (this.lastServerSince != null) ? this.lastServerSince : now;
			boolean overdue = now.isAfter(since.plus(settings.shutdownTimeout()));
			if (queued <= 0 || overdue) {
				last.stop(now, "quit, " + ((queued <= 0) ? "the accept queue is empty"
						: queued + " connections still queued after " + Sentences.seconds(settings.shutdownTimeout())));
			}
		}
	}

}
