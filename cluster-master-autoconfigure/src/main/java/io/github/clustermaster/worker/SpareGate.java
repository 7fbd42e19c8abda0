package io.github.clustermaster.worker;

import java.util.ArrayList;
import java.util.List;

import io.github.clustermaster.ipc.IpcEnvironment;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Holds a hot spare's web server back from the shared socket until the master promotes
 * it ({@code cluster.master.spares}). A spare boots as any worker and reports ready once
 * its application is ready, but its server takes no connection: each server's support
 * registers a {@link #hold hold} while it is created (before it starts), and the
 * master's {@code promote} frame opens every hold, on the IPC thread, in milliseconds.
 * A spare whose server registered no hold would take connections before it is promoted,
 * so {@link #check()} fails its start instead, naming the fix.
 * <p>
 * A worker that warms up first ({@code cluster.master.warmup.*}, see {@link WorkerWarmup})
 * is held the same way until its warm-up is done; a spare that warms up opens only once
 * it is both warmed up and promoted.
 *
 * @author cluster-master
 */
public final class SpareGate {

	private static final Log logger = LogFactory.getLog(SpareGate.class);

	private final boolean launchedAsSpare;

	private final List<Hold> holds = new ArrayList<>();

	private volatile int slot = -1;

	private boolean promoted;

	/** Whether the worker warms up first: held until {@link #warmedUp()}. */
	private boolean warming;

	SpareGate(boolean launchedAsSpare) {
		this.launchedAsSpare = launchedAsSpare;
	}

	static SpareGate fromEnvironment() {
		return new SpareGate("true".equals(System.getenv(IpcEnvironment.SPARE)));
	}

	/**
	 * Whether this worker was launched as a hot spare and is not promoted yet: its server
	 * must not accept.
	 * @return whether it holds back
	 */
	public synchronized boolean isHeld() {
		return waitsForPromotion() || this.warming;
	}

	private boolean waitsForPromotion() {
		return this.launchedAsSpare && !this.promoted;
	}

	/**
	 * Whether this worker was launched as a hot spare and is not promoted yet, whether or
	 * not it also warms up.
	 * @return whether it waits for its promotion
	 */
	public synchronized boolean awaitsPromotion() {
		return waitsForPromotion();
	}

	/**
	 * This worker warms up before it accepts: hold its server until {@link #warmedUp()}.
	 * Call it before the server is created.
	 */
	synchronized void warmUpFirst() {
		this.warming = true;
	}

	/**
	 * The warm-up is done: open every hold, unless this is a spare still waiting for its
	 * promotion (which opens them then).
	 * @return whether the holds were opened now
	 */
	synchronized boolean warmedUp() {
		if (!this.warming) {
			return false;
		}
		this.warming = false;
		if (waitsForPromotion()) {
			return false;
		}
		open("warmed up");
		return true;
	}

	/**
	 * Run an action while this worker is held, under the gate's lock, so that a promotion
	 * comes either before it (and the action does not run) or after it.
	 * @param action what to do while held, e.g. set the server's limit to none
	 * @return whether it ran
	 */
	public synchronized boolean ifHeld(Runnable action) {
		if (!isHeld()) {
			return false;
		}
		action.run();
		return true;
	}

	/**
	 * Register how a server of this spare starts accepting once promoted. Call it only
	 * when {@link #isHeld()}, while the server is created and before it starts.
	 * @param what the server, for the log
	 * @param open starts accepting; called once, on promotion
	 */
	public synchronized void hold(String what, Runnable open) {
		this.holds.add(new Hold(what, open));
	}

	/**
	 * Fail the start of a spare whose server cannot hold back from the shared socket.
	 * @throws IllegalStateException if this worker is a spare and nothing holds it back
	 */
	public synchronized void check() {
		if (this.warming && this.holds.isEmpty()) {
			throw new IllegalStateException("This worker warms up before it takes traffic "
					+ "(cluster.master.warmup.paths), but its web server cannot wait without accepting from the shared socket (the warm-up works "
					+ "with Tomcat and with Reactor Netty on epoll, on the master's inherited socket); remove "
					+ "cluster.master.warmup.paths");
		}
		if (isHeld() && this.holds.isEmpty()) {
			throw new IllegalStateException("This worker was started as a hot spare (cluster.master.spares), but its "
					+ "web server cannot wait without accepting from the shared socket (hot spares work with Tomcat "
					+ "serving a servlet application and with Reactor Netty on epoll, on the master's inherited "
					+ "socket); set cluster.master.spares=0");
		}
	}

	/**
	 * The master promotes this spare: open every hold.
	 * @param id this worker's id, for the log
	 * @param slot the slot it takes
	 */
	synchronized void promote(int id, int slot) {
		if (!waitsForPromotion()) {
			logger.warn("Worker " + id + " was asked to start accepting, but it is no hot spare waiting; ignored");
			return;
		}
		long start = System.nanoTime();
		this.slot = slot;
		this.promoted = true;
		if (this.warming) {
			logger.info("Worker " + id + " is promoted from hot spare to slot " + slot
					+ " while it warms up: it accepts once warmed up");
			return;
		}
		open("promotion");
		logger.info("Worker " + id + " is promoted from hot spare to slot " + slot + ": it accepts now (opened in "
				+ (System.nanoTime() - start) / 1_000_000 + " ms)");
	}

	private void open(String why) {
		for (Hold hold : this.holds) {
			try {
				hold.open().run();
			}
			catch (RuntimeException ex) {
				logger.error("Could not open " + hold.what() + " on " + why, ex);
			}
		}
	}

	/**
	 * The slot this worker holds: the one it was promoted into, else the one it booted with.
	 * @param bootSlot the slot it booted with ({@code cluster.master.worker-slot})
	 * @return its slot
	 */
	public int slot(int bootSlot) {
		int slot = this.slot;
		return (slot >= 0) ? slot : bootSlot;
	}

	private record Hold(String what, Runnable open) {
	}

}
