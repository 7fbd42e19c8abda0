package io.github.clustermaster.supervisor;

import java.time.Instant;

import io.github.clustermaster.supervisor.SupervisorEvent.ExitKind;

/**
 * What a worker's exit was, decided once (as OTP's {@code do_restart/3} has one clause per
 * kind of exit) and reported as a {@link SupervisorEvent.WorkerExited}: an exit that was
 * asked for (a stop, a quit), or a crash, young (before ready, or under the minimum
 * restart age) or not. A worker killed for missing its boot timeout crashed but did
 * not die young: it was slow, not broken at once, and its output may say nothing.
 *
 * @author cluster-master
 */
sealed interface WorkerExit {

	/** An exit that was asked for. */
	WorkerExit EXPECTED = new Expected();

	/**
	 * Classify a worker's exit and report it.
	 * @param worker the worker, exited
	 * @param last the state it was in
	 * @param code its exit code
	 * @param quitting whether the master is quitting
	 * @param now the time
	 * @param settings the minimum restart age and the boot timeout
	 * @return the exit
	 */
	static WorkerExit of(WorkerHandle worker, WorkerState last, int code, boolean quitting, Instant now,
			SupervisorSettings settings) {
		if (quitting || (worker.stopReason != null && worker.fault == null)) {
			worker.report(exited(worker, ExitKind.EXPECTED, code, now,
					(worker.stopReason != null) ? worker.stopReason : "quit", false, last));
			return EXPECTED;
		}
		boolean beforeReady = worker.readyAt == null;
		// Killed before it was ready: the only such fault is a missed boot timeout.
		boolean missedBootTimeout = beforeReady && worker.fault != null;
		String what = missedBootTimeout
				? worker + " missed its boot timeout of " + Sentences.seconds(settings.bootTimeout())
						+ " and was killed after " + Sentences.seconds(worker.age(now)) + ", still starting"
				: worker + " " + ((worker.fault != null) ? "was killed because " + worker.fault
						: inWords(worker, code)) + " after " + Sentences.seconds(worker.age(now))
						+ (beforeReady ? ", before it was ready" : "");
		boolean young = (beforeReady && !missedBootTimeout) || worker.age(now).compareTo(settings.minRestartAge()) < 0;
		ExitKind kind = missedBootTimeout ? ExitKind.MISSED_BOOT
				: beforeReady ? ExitKind.FAILED_BOOT : ExitKind.CRASHED;
		worker.report(exited(worker, kind, code, now, what, young, last));
		return new Crash(what, young);
	}

	private static SupervisorEvent.WorkerExited exited(WorkerHandle worker, ExitKind kind, int code, Instant now,
			String reason, boolean young, WorkerState last) {
		return new SupervisorEvent.WorkerExited(worker.who(), worker.generation, kind, code, worker.age(now), reason,
				young, last, worker.process.commandLine(), worker.stats);
	}

	/**
	 * An exit nobody asked for, in words: the exit code, or the signal that killed it (a
	 * JVM killed by signal N exits with 128 + N), and for a SIGKILL the master did not send
	 * the likely sender.
	 * @param worker the worker
	 * @param code its exit code
	 * @return the text
	 */
	static String inWords(WorkerHandle worker, int code) {
		if (code <= 128 || code > 128 + 64) {
			return "died with exit code " + code;
		}
		int signal = code - 128;
		String name = switch (signal) {
			case 1 -> " (SIGHUP)";
			case 2 -> " (SIGINT)";
			case 3 -> " (SIGQUIT)";
			case 6 -> " (SIGABRT: the JVM aborted, look for an hs_err_pid file)";
			case 9 -> " (SIGKILL)";
			case 11 -> " (SIGSEGV)";
			case 15 -> " (SIGTERM)";
			default -> "";
		};
		return "was killed by signal " + signal + name + ((signal == 9 && !worker.killedByMaster())
				? " that the master did not send: killed from outside, out of memory? (the kernel's OOM killer "
						+ "logs it: dmesg, or the container's OOMKilled status)"
				: "");
	}

	/**
	 * An exit that was asked for: a stop, a quit.
	 */
	record Expected() implements WorkerExit {
	}

	/**
	 * An exit nobody asked for.
	 *
	 * @param what the exit in words
	 * @param young whether it died young: before it was ready (but not for a missed boot
	 * timeout), or under the minimum restart age
	 */
	record Crash(String what, boolean young) implements WorkerExit {
	}

}
