package io.github.clustermaster.ipc;

/**
 * The environment variables a master gives its workers.
 *
 * @author cluster-master
 */
public final class IpcEnvironment {

	/** The worker's id; its presence makes a JVM a worker. */
	public static final String WORKER_ID = "CLUSTER_MASTER_WORKER_ID";

	/** The path of the master's IPC socket. */
	public static final String SOCKET = "CLUSTER_MASTER_IPC";

	/** The generation the worker belongs to. */
	public static final String GENERATION = "CLUSTER_MASTER_GENERATION";

	private IpcEnvironment() {
	}

}
