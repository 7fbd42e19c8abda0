package io.github.clustermaster.sample;

import org.jspecify.annotations.Nullable;

/**
 * The messages the sample's workers and master exchange, written as JSON.
 *
 * @author cluster-master
 */
final class SampleMessages {

	private SampleMessages() {
	}

	/**
	 * Worker to master: answer me.
	 *
	 * @param ping the text to echo
	 */
	record Ping(String ping) {
	}

	/**
	 * Master to worker: the answer to a {@link Ping}.
	 *
	 * @param echo the text that was sent
	 * @param masterPid the master's pid
	 * @param workerId the id of the worker that sent the ping
	 */
	record Pong(String echo, long masterPid, int workerId) {
	}

	/**
	 * Worker to master: tell every worker.
	 *
	 * @param broadcast the text to tell
	 */
	record BroadcastRequest(String broadcast) {
	}

	/**
	 * Master to every worker; the REPL's {@code broadcast {"announcement": "..."}} sends
	 * one too.
	 *
	 * @param announcement the text
	 * @param fromWorker the id of the worker that asked for it, or {@code null} when the
	 * master sent it on its own
	 */
	record Announcement(String announcement, @Nullable Integer fromWorker) {
	}

}
