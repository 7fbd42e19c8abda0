package io.github.clustermaster.supervisor;

/**
 * A {@link WorkerLink} that records how often the worker was asked to shut down.
 *
 * @author cluster-master
 */
final class FakeLink implements WorkerLink {

	private final boolean connected;

	private int shutdownRequests;

	FakeLink() {
		this(true);
	}

	/**
	 * @param connected whether shutdown requests can be sent
	 */
	FakeLink(boolean connected) {
		this.connected = connected;
	}

	@Override
	public boolean requestShutdown() {
		this.shutdownRequests++;
		return this.connected;
	}

	int shutdownRequests() {
		return this.shutdownRequests;
	}

}
