package io.github.clustermaster.worker;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The part every embedded server's drain shares: a lifecycle that, when the worker's
 * context closes, stops the server taking connections and lets those it took bring their
 * request, before Boot's graceful shutdown waits for the requests to be answered.
 *
 * @author cluster-master
 */
public abstract class WorkerDrain implements SmartLifecycle {

	/**
	 * One above Boot's graceful shutdown: lifecycles stop from the highest phase down, so
	 * the drain is done before the graceful shutdown starts.
	 */
	public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

	private volatile boolean running;

	private final AtomicBoolean drained = new AtomicBoolean();

	@Override
	public final void start() {
		this.running = true;
	}

	@Override
	public final void stop() {
		this.running = false;
		if (this.drained.compareAndSet(false, true)) {
			drain();
		}
	}

	/**
	 * Stop taking connections and wait, bounded, for those taken to bring their request.
	 * Runs once: when the context closes, or before when the master asks the worker to
	 * stop; must not throw.
	 */
	protected abstract void drain();

	@Override
	public final boolean isRunning() {
		return this.running;
	}

	@Override
	public final int getPhase() {
		return PHASE;
	}

	@Override
	public final boolean isPauseable() {
		// Like Boot's graceful shutdown: a paused context keeps serving
		return false;
	}

}
