package io.github.clustermaster.worker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;

import io.github.clustermaster.warmup.WarmupPlan;
import io.github.clustermaster.warmup.WarmupResult;
import io.github.clustermaster.warmup.WarmupRunner;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A worker's warm-up before traffic ({@code cluster.master.warmup.*}). While the web
 * server is created, its support opens a {@link PrivatePort private port} on loopback
 * (an ephemeral port, nothing outside this host can reach it) and holds the shared socket
 * back through the {@link SpareGate} as a hot spare's is held. Once the application is
 * ready, {@link #run()} sends the warm-up requests to the private port, closes it, opens
 * the shared socket (a spare's stays held until its promotion) and logs one line of what
 * it did; only then does the worker tell the master it is ready. At the time limit it
 * stops, joins anyway and says so. Requests on the private port are left out of the
 * worker's {@link RequestStats} (the heartbeat's counts, the canary analysis, recycling
 * by max-requests): see {@link #isWarmupPort(int)}.
 *
 * @author cluster-master
 */
public final class WorkerWarmup {

	private static final Log logger = LogFactory.getLog(WorkerWarmup.class);

	private final int id;

	private final @Nullable WarmupPlan plan;

	private final SpareGate gate;

	private final BiFunction<InetSocketAddress, WarmupPlan, WarmupResult> runner;

	private volatile @Nullable PrivatePort privatePort;

	/** The private port while and after it was open (-1 before): its requests are not counted. */
	private volatile int port = -1;

	private volatile @Nullable WarmupResult result;

	/**
	 * Create the warm-up of a worker.
	 * @param session the worker's session with its master
	 * @param plan what to send, or {@code null} for no warm-up
	 */
	public WorkerWarmup(WorkerSession session, @Nullable WarmupPlan plan) {
		this(session.id(), plan, session.spare(), (target, what) -> new WarmupRunner(target).run(what));
	}

	WorkerWarmup(int id, @Nullable WarmupPlan plan, SpareGate gate,
			BiFunction<InetSocketAddress, WarmupPlan, WarmupResult> runner) {
		this.id = id;
		this.plan = plan;
		this.gate = gate;
		this.runner = runner;
		if (plan != null) {
			gate.warmUpFirst();
		}
	}

	/**
	 * Whether this worker warms up before it takes traffic.
	 * @return whether a plan is set
	 */
	public boolean isEnabled() {
		return this.plan != null;
	}

	/**
	 * The gate that holds the shared socket back until the warm-up is done: a server's
	 * support registers its hold there.
	 * @return the gate
	 */
	public SpareGate gate() {
		return this.gate;
	}

	/**
	 * Register the private port the warm-up is sent to; the server's support calls it
	 * while the server is created.
	 * @param port the port
	 */
	public void listenOn(PrivatePort port) {
		this.privatePort = port;
	}

	/**
	 * Whether a request that arrived on this local port is a warm-up request.
	 * @param localPort the port the request arrived on
	 * @return whether it is the warm-up's private port
	 */
	public boolean isWarmupPort(int localPort) {
		return localPort > 0 && localPort == this.port;
	}

	/**
	 * What the warm-up did, once done.
	 * @return the result, or {@code null} before (or without) a warm-up
	 */
	public @Nullable WarmupResult result() {
		return this.result;
	}

	/**
	 * Warm up, close the private port and open the shared socket; called once the
	 * application is ready and before the worker tells its master so.
	 */
	public void run() {
		WarmupPlan plan = this.plan;
		if (plan == null) {
			return;
		}
		PrivatePort privatePort = this.privatePort;
		int port = (privatePort != null) ? privatePort.localPort() : -1;
		if (privatePort == null || port <= 0) {
			logger.warn("Worker " + this.id + " could not warm up: its web server opened no private port "
					+ "(cluster.master.warmup); it joins the shared port cold");
			close(privatePort);
			this.gate.warmedUp();
			return;
		}
		this.port = port;
		InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		WarmupResult result;
		try {
			result = this.runner.apply(target, plan);
		}
		catch (RuntimeException ex) {
			logger.warn("Worker " + this.id + "'s warm-up failed (" + ex + "); it joins the shared port cold", ex);
			return;
		}
		finally {
			close(privatePort);
			this.gate.warmedUp();
		}
		this.result = result;
		String where = " on 127.0.0.1:" + port + " (now closed)";
		if (result.timedOut()) {
			logger.warn("Worker " + this.id + "'s warm-up reached its time limit of " + plan.timeout().toMillis()
					+ " ms (cluster.master.warmup.timeout): it joins the shared port anyway after " + result.summary()
					+ where);
		}
		else {
			logger.info("Worker " + this.id + " warmed up before joining the shared port: " + result.summary() + where);
		}
	}

	private void close(@Nullable PrivatePort privatePort) {
		if (privatePort == null) {
			return;
		}
		try {
			privatePort.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Worker " + this.id + " could not close its warm-up port", ex);
		}
	}

	/**
	 * The private loopback port a server opened for the warm-up.
	 */
	public interface PrivatePort {

		/**
		 * The port it listens on.
		 * @return the port, or -1 when it is not listening
		 */
		int localPort();

		/**
		 * Stop listening; the port is closed when this returns.
		 */
		void close();

	}

}
