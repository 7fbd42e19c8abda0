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

	/**
	 * A hot spare ({@code cluster.master.spares}): booted and ready, but not accepting from
	 * the shared socket until the master promotes it in place of a lost worker.
	 */
	SPARE,

	/** Asked to stop; draining its requests. */
	STOPPING,

	/** The process has ended. */
	EXITED

}
