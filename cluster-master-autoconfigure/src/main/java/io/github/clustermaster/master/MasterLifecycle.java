package io.github.clustermaster.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.github.clustermaster.control.ClusterCommandExecutor;
import io.github.clustermaster.control.SessionsDescriptor;
import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.events.MasterEvents;
import io.github.clustermaster.ipc.IpcServer;
import io.github.clustermaster.ipc.WorkerRequests;
import io.github.clustermaster.master.port.MasterPort;
import io.github.clustermaster.master.upgrade.MasterTakeover;
import io.github.clustermaster.master.upgrade.MasterUpgrader;
import io.github.clustermaster.supervisor.ClusterStatus;
import io.github.clustermaster.supervisor.Supervisor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the master's machinery once its context is refreshed, and ends it when the
 * context closes: every worker is gone before the master's context is.
 *
 * @author cluster-master
 */
final class MasterLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(MasterLifecycle.class);

	private final Supervisor supervisor;

	private final ClusterCommandExecutor executor;

	private final IpcServer ipcServer;

	private final WorkerRequests requests;

	private final MasterPort port;

	private final MasterEvents events;

	private final boolean signals;

	private final MasterExit exit;

	private final StatusPush statusPush;

	private final MasterTakeover takeover;

	private final MasterUpgrader upgrader;

	private final List<Consumer<ClusterStatus>> statusListeners;

	private volatile boolean running;

	MasterLifecycle(Supervisor supervisor, ClusterCommandExecutor executor, IpcServer ipcServer,
			WorkerRequests requests, MasterPort port, MasterEvents events, boolean signals, MasterExit exit, MasterTakeover takeover,
			MasterUpgrader upgrader, Supplier<@Nullable SessionsDescriptor> sessions,
			List<Consumer<ClusterStatus>> statusListeners) {
		this.supervisor = supervisor;
		this.statusListeners = List.copyOf(statusListeners);
		this.takeover = takeover;
		this.upgrader = upgrader;
		this.executor = executor;
		this.statusPush = new StatusPush(supervisor, ipcServer, ProcessHandle.current().pid(), sessions);
		this.ipcServer = ipcServer;
		this.requests = requests;
		this.port = port;
		this.events = events;
		this.signals = signals;
		this.exit = exit;
	}

	/**
	 * Add the pool's warnings to the status pushed to the workers.
	 * @param reports the workers' reports
	 */
	void warnings(PoolReports reports) {
		this.statusPush.warnings(reports::warnings);
	}

	@Override
	public void start() {
		long pid = ProcessHandle.current().pid();
		int size = this.supervisor.size();
		this.events.accept(new MasterEvent.MasterStarting(pid, size, this.port.toString()));
		if (pid == 1) {
			this.events.accept(new MasterEvent.MasterPidOne());
		}
		returnUnusedHeap();
		this.takeover.start();
		this.statusListeners.forEach(this.supervisor::addStatusListener);
		this.ipcServer.serve(this.supervisor, this.requests);
		this.supervisor.terminated().thenAccept(this.exit::exit);
		this.supervisor.acceptQueue(this.port::acceptQueue);
		this.supervisor.start();
		this.statusPush.start();
		if (this.signals) {
			new MasterSignals(this.executor, this.events).install();
		}
		this.running = true;
	}

	/**
	 * The master runs none of the application and keeps about 15 MiB alive, but it was
	 * started with the application's JVM options (a G1 heap sized for the application) and
	 * makes a little garbage all the time: G1 grows the heap and, without a periodic
	 * collection, never gives it back. A periodic collection every 10 s and tighter free
	 * ratios (when G1 runs and the options were not set) keep the master's resident memory
	 * near what it uses: measured here, 162 MiB before, 128 MiB after. These options are
	 * manageable: set at run time, for the master alone, not for its workers.
	 */
	private static void returnUnusedHeap() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (!"true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
				return;
			}
			setIfDefault(hotspot, "G1PeriodicGCInterval", "10000");
			if (hotspot.getVMOption("MinHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT
					&& hotspot.getVMOption("MaxHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT) {
				hotspot.setVMOption("MinHeapFreeRatio", "10");
				hotspot.setVMOption("MaxHeapFreeRatio", "30");
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.debug("Cannot make the master's G1 heap give back what it does not use: " + ex);
		}
	}

	private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String name, String value) {
		if (hotspot.getVMOption(name).getOrigin() == VMOption.Origin.DEFAULT) {
			hotspot.setVMOption(name, value);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.upgrader.close();
		this.statusPush.close();
		this.supervisor.close();
		try {
			this.ipcServer.close();
			this.port.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the master's sockets failed: " + ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
