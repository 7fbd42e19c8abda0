package io.github.clustermaster.ipc;

/**
 * The environment variables a master gives its workers.
 *
 * @author cluster-master
 */
public final class IpcEnvironment {

	/** The worker's id; its presence makes a JVM a worker. */
	public static final String WORKER_ID = "CLUSTER_MASTER_WORKER_ID";

	/**
	 * The worker's stable slot, 0 to {@code size - 1}, taken over by the worker that
	 * replaces it; during a surge two workers may briefly share one.
	 */
	public static final String WORKER_SLOT = "CLUSTER_MASTER_WORKER_SLOT";

	/** The path of the master's IPC socket. */
	public static final String SOCKET = "CLUSTER_MASTER_IPC";

	/**
	 * {@code true} for a hot spare: it boots and reports ready without accepting from the
	 * shared socket until the master promotes it.
	 */
	public static final String SPARE = io.github.clustermaster.supervisor.WorkerLauncher.SPARE;

	/** The generation the worker belongs to. */
	public static final String GENERATION = "CLUSTER_MASTER_GENERATION";

	private IpcEnvironment() {
	}

}
