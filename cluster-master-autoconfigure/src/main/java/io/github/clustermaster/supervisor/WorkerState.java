package io.github.clustermaster.supervisor;

/**
 * The life cycle of one worker, as the master sees it.
 *
 * @author cluster-master
 */
public enum WorkerState {

	/** Spawned; its application is not ready yet. */
	STARTING,

	/** Its application is ready and its web server accepts connections. */
	READY,

	/** Asked to stop; draining its requests. */
	STOPPING,

	/** The process has ended. */
	EXITED

}
