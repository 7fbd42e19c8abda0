package io.github.clustermaster.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Ends a JVM the master started for itself (the training run of a class-data archive) as
 * soon as the master is gone, even killed with SIGKILL: such a run has no IPC link whose
 * close would tell it, and must not outlive its master.
 *
 * @author cluster-master
 */
final class ParentWatch {

	/** The master's pid, given to the JVMs it starts for itself. */
	static final String PROPERTY = "cluster.master.parent-pid";

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Log logger = LogFactory.getLog(ParentWatch.class);

	private ParentWatch() {
	}

	static void start(long parentPid) {
		Thread watch = new Thread(() -> {
			while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parentPid) {
				try {
					Thread.sleep(INTERVAL.toMillis());
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			logger.warn("The master (pid " + parentPid + ") is gone; this JVM, started by it, exits");
			Runtime.getRuntime().halt(3);
		}, "cluster-master-parent-watch");
		watch.setDaemon(true);
		watch.start();
	}

}
