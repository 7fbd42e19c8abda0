package io.github.clustermaster.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Worker events nobody listens to, for tests of the IPC around them.
 */
public final class NoWorkerEvents implements WorkerEvents {

	@Override
	public void connected(int id, long pid, WorkerLink link) {
	}

	@Override
	public void ready(int id) {
	}

	@Override
	public void heartbeat(int id, @Nullable WorkerStats stats) {
	}

	@Override
	public void disconnected(int id) {
	}

}
