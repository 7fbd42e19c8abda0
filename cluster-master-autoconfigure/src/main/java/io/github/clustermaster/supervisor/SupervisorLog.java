package io.github.clustermaster.supervisor;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.clustermaster.release.Release;
import io.github.clustermaster.supervisor.SupervisorEvent.AcceptQueue;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopCleared;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopDanger;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopGaveUp;
import io.github.clustermaster.supervisor.SupervisorEvent.CrashLoopReset;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolAutoscaled;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolEnded;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.PoolResized;
import io.github.clustermaster.supervisor.SupervisorEvent.QuitHard;
import io.github.clustermaster.supervisor.SupervisorEvent.QuitLastServer;
import io.github.clustermaster.supervisor.SupervisorEvent.Quitting;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutAborted;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutDone;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutRefused;
import io.github.clustermaster.supervisor.SupervisorEvent.RolloutStarted;
import io.github.clustermaster.supervisor.SupervisorEvent.SparePromoted;
import io.github.clustermaster.supervisor.SupervisorEvent.SupervisorFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerExited;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerHung;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerKilled;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerReady;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerRecycling;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStartFailed;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStarted;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerStopping;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerTerminated;
import io.github.clustermaster.supervisor.SupervisorEvent.WorkerUnknown;

/**
 * The one place the supervisor's events become log lines (OTP's {@code format_log}): each
 * event's sentence, its level, and its logger ({@code Supervisor}; the worker's own steps
 * under {@code WorkerHandle} and the rollout's under {@code RollingRestart}, as they were
 * logged before the events). Users' logs and the docs quote these sentences.
 *
 * @author cluster-master
 */
public final class SupervisorLog {

	private static final Log supervisor = LogFactory.getLog(Supervisor.class);

	private static final Log handle = LogFactory.getLog(WorkerHandle.class);

	private static final Log rollout = LogFactory.getLog(RollingRestart.class);

	private SupervisorLog() {
	}

	/**
	 * Log an event: its sentence at its level.
	 * @param event the event
	 */
	public static void log(SupervisorEvent event) {
		Line line = line(event);
		Log logger = (event instanceof WorkerReady || event instanceof WorkerStopping
				|| event instanceof WorkerTerminated || event instanceof WorkerKilled || event instanceof WorkerHung)
						? handle
						: (event instanceof RolloutStarted || event instanceof RolloutDone
								|| event instanceof RolloutAborted) ? rollout : supervisor;
		Throwable error = (event instanceof SupervisorFailed failed) ? failed.error()
				: (event instanceof WorkerStartFailed failed) ? failed.error() : null;
		switch (line.level()) {
			case ERROR -> logger.error(line.text(), error);
			case WARN -> logger.warn(line.text());
			default -> logger.info(line.text());
		}
	}

	/**
	 * The sentence of an event, as logged.
	 * @param event the event
	 * @return the sentence
	 */
	public static String text(SupervisorEvent event) {
		return line(event).text();
	}

	private static Line line(SupervisorEvent event) {
		if (event instanceof WorkerStarted started) {
			return Line.info("Started " + started.worker() + " in generation " + started.generation() + started.note()
					+ (started.worker().spare() ? ", as a hot spare" : ", slot " + started.slot()));
		}
		if (event instanceof WorkerStartFailed failed) {
			return Line.error("Could not start worker " + failed.worker() + ": " + failed.error().getMessage());
		}
		if (event instanceof WorkerReady ready) {
			return Line.info(ready.worker() + " is ready after " + Sentences.seconds(ready.after()) + " (generation "
					+ ready.generation() + ")"
					+ (ready.worker().spare() ? "; it waits, not accepting, until it is promoted" : ""));
		}
		if (event instanceof WorkerStopping stopping) {
			return Line.info("Stopping " + stopping.worker() + " gracefully: " + stopping.reason());
		}
		if (event instanceof WorkerTerminated terminated) {
			return Line.warn(terminated.worker() + " did not stop within the shutdown timeout of "
					+ Sentences.seconds(terminated.shutdownTimeout()) + "; sending SIGTERM");
		}
		if (event instanceof WorkerKilled killed) {
			return Line.warn("Killing " + killed.worker() + ": " + killed.reason());
		}
		if (event instanceof WorkerHung hung) {
			return Line.error(hung.worker() + " is hung: " + hung.fault() + (hung.threadDump()
					? "; asked it for a thread dump (SIGCONT, then SIGQUIT): it follows in the master's output, which "
							+ "is the worker's standard output"
					: "; it could not be asked for a thread dump")
					+ ". It is replaced now and killed once its replacement is ready");
		}
		if (event instanceof WorkerRecycling recycling) {
			return Line.info("Recycling " + recycling.worker() + ": " + recycling.reason()
					+ "; it serves on until its replacement is ready");
		}
		if (event instanceof WorkerExited exited) {
			return exited(exited);
		}
		if (event instanceof WorkerUnknown unknown) {
			return Line.warn("Worker " + unknown.worker() + " (pid " + unknown.pid()
					+ ") is not one of this master's; asking it to stop");
		}
		if (event instanceof SparePromoted promoted) {
			return Line.info("Promoted " + promoted.worker() + " from hot spare to slot " + promoted.slot()
					+ ": it accepts now, " + Sentences.workers(promoted.ready()) + " ready of " + promoted.size());
		}
		if (event instanceof PoolResized resized) {
			return Line.info("Resizing the cluster from " + resized.from() + " to " + resized.to() + " workers");
		}
		if (event instanceof PoolAutoscaled autoscaled) {
			return Line.info("Autoscaling from " + autoscaled.from() + " to " + Sentences.workers(autoscaled.to())
					+ ": " + autoscaled.reason());
		}
		return pool(event);
	}

	/** The rollout's, the crash loop's and the quit's events. */
	private static Line pool(SupervisorEvent event) {
		if (event instanceof RolloutStarted started) {
			return Line.info(started(started));
		}
		if (event instanceof RolloutDone done) {
			return Line.info(done(done));
		}
		if (event instanceof RolloutAborted aborted) {
			return Line.error(aborted(aborted) + (aborted.rollingBack()
					? "; rolling the " + Sentences.workers(aborted.replaced()) + " it already replaced back to "
							+ "generation " + aborted.previousGeneration()
					: (aborted.replaced() == 0) ? "; the old workers were kept"
							: "; the " + Sentences.workers(aborted.replaced()) + " of generation "
									+ aborted.generation() + " serve on"));
		}
		if (event instanceof RolloutRefused refused) {
			return Line.error("Rolling restart refused: " + refused.reason());
		}
		if (event instanceof CrashLoopDanger danger) {
			return Line.warn("Danger: " + danger.youngDeaths() + " worker(s) in a row died young (before ready or "
					+ "under " + Sentences.seconds(danger.minRestartAge()) + "); next respawn in "
					+ Sentences.seconds(danger.respawnIn()));
		}
		if (event instanceof CrashLoopGaveUp gaveUp) {
			return Line.error("Giving up: " + gaveUp.crashes() + " worker crashes within "
					+ Sentences.seconds(gaveUp.period()) + " exceed cluster.master.restart-intensity.max-restarts="
					+ gaveUp.maxRestarts() + "; crashed workers are no longer replaced. Last: " + gaveUp.last());
		}
		if (event instanceof CrashLoopCleared cleared) {
			return Line.info("Out of danger: a new worker has stayed up for "
					+ Sentences.seconds(cleared.minRestartAge()));
		}
		if (event instanceof CrashLoopReset) {
			return Line.info("Respawning crashed workers again after an operator's command");
		}
		if (event instanceof AcceptQueue queue) {
			return (queue.queued() <= 0) ? Line.info("The accept queue is empty again")
					: Line.warn("Connections have waited in the shared accept queue for "
							+ Sentences.seconds(queue.waited()) + " (" + queue.queued() + " now): every worker is "
							+ "busy. More workers (resize, cluster.master.size) or more server threads per worker "
							+ "would take them sooner");
		}
		return ending(event);
	}

	/** The events of the pool's end. */
	private static Line ending(SupervisorEvent event) {
		if (event instanceof Quitting quitting) {
			Duration quitDelay = quitting.quitDelay();
			return Line.info("Quitting: " + (quitDelay.isZero() ? ""
					: "the workers refuse new traffic (readiness) and serve on for cluster.master.quit-delay="
							+ Sentences.seconds(quitDelay) + ", then ")
					+ "stopping " + quitting.workers() + " workers gracefully");
		}
		if (event instanceof QuitLastServer last) {
			return Line.info(last.worker() + " serves the connections waiting in the accept queue (" + last.queued()
					+ " now) while the others drain; it stops once the queue is empty");
		}
		if (event instanceof QuitHard hard) {
			return Line.warn(hard.second() ? "Second quit: killing every worker" : "Quitting hard: killing every worker");
		}
		if (event instanceof PoolEnded ended) {
			return Line.info("Every worker has exited; the master exits with code " + ended.exitCode());
		}
		if (event instanceof PoolFailed failed) {
			return Line.error("No worker can stay up; stopping the cluster, the master exits with code "
					+ failed.exitCode());
		}
		SupervisorFailed failed = (SupervisorFailed) event;
		return Line.error("The supervisor failed: killing every worker; the master exits with code "
				+ failed.exitCode());
	}

	private static Line exited(WorkerExited exited) {
		return switch (exited.kind()) {
			case EXPECTED -> Line.info(exited.worker() + " exited with code " + exited.code() + " after "
					+ Sentences.seconds(exited.after()) + " (" + exited.reason() + ")" + served(exited.stats()));
			case MISSED_BOOT -> Line.error(exited.reason() + " (if it is only slow, raise cluster.master.boot-timeout)."
					+ " Its command line was: " + exited.commandLine());
			case FAILED_BOOT -> Line.error(exited.reason() + ". Its command line was: " + exited.commandLine()
					+ " (its own output above says why it failed)");
			case CRASHED -> Line.warn(exited.reason() + " (was " + exited.last() + ")" + served(exited.stats()));
		};
	}

	/**
	 * What a worker that exited had done, by its last heartbeat: {@code ; it served 1234
	 * requests, resident memory 180 MiB, heap 40 MiB of 256 MiB, GC 1.2 s in 35
	 * collections}, or nothing before its first.
	 */
	private static String served(@Nullable WorkerStats stats) {
		if (stats == null) {
			return "";
		}
		return "; it served " + stats.requests() + " requests"
				+ ((stats.rssBytes() >= 0) ? ", resident memory " + Sentences.mebibytes(stats.rssBytes()) : "")
				+ ", heap " + Sentences.mebibytes(stats.heapUsedBytes())
				+ ((stats.heapMaxBytes() > 0) ? " of " + Sentences.mebibytes(stats.heapMaxBytes()) : "") + ", GC "
				+ Sentences.seconds(Duration.ofMillis(stats.gcPauseMillis())) + " in " + stats.gcCount()
				+ " collections";
	}

	private static String started(RolloutStarted started) {
		Release release = started.release();
		return "Rolling restart to generation " + started.generation() + ": replacing " + started.replacing()
				+ ((started.surge() > 1 && started.replacing() > 1)
						? " workers, the first alone, then up to " + started.surge() + " at a time"
						: " workers one at a time")
				+ ((started.env() != null) ? " with a new environment " + started.env() : "")
				+ ((release == null) ? "" : (started.sameRelease() ? ", same " : ", onto ") + release)
				+ ((started.requester() != 0) ? "; worker " + started.requester()
						+ " relayed the request and is stopped last, once the outcome is known" : "");
	}

	/**
	 * The sentence of a rollout done, which is its outcome's message too.
	 * @param done the event
	 * @return the sentence
	 */
	static String done(RolloutDone done) {
		if (done.rollback()) {
			return "Rollback to generation " + done.generation() + " done: " + done.replaced()
					+ " workers replaced in " + Sentences.seconds(done.took());
		}
		CanaryReport canary = done.canary();
		return "Rolling restart to generation " + done.generation() + " done: " + Sentences.workers(done.replaced())
				+ " replaced in " + Sentences.seconds(done.took())
				+ ((done.release() != null) ? ", on " + done.release() : "")
				+ ((canary == null) ? ""
						: (canary.verdict() == CanaryReport.Verdict.PASSED) ? "; canary passed: " + canary.summary()
								: "; canary: " + canary.summary() + ", so it proceeded unjudged");
	}

	/**
	 * What an abort was, the start of its sentence and of its outcome's message:
	 * {@code Rolling restart to generation 3 aborted because …}.
	 * @param aborted the event
	 * @return the text
	 */
	static String aborted(RolloutAborted aborted) {
		return (aborted.rollback() ? "Rollback to generation " : "Rolling restart to generation ")
				+ aborted.generation() + " aborted because " + aborted.reason();
	}

	private enum Level {

		INFO, WARN, ERROR

	}

	private record Line(Level level, String text) {

		static Line info(String text) {
			return new Line(Level.INFO, text);
		}

		static Line warn(String text) {
			return new Line(Level.WARN, text);
		}

		static Line error(String text) {
			return new Line(Level.ERROR, text);
		}

	}

}
