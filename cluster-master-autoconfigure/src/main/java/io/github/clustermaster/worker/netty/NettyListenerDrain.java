package io.github.clustermaster.worker.netty;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.DisposableServer;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Takes a worker's Reactor Netty server out of the port's {@code SO_REUSEPORT} group
 * before Spring Boot's graceful shutdown, then waits until every connection it accepted
 * has brought its first request.
 * <p>
 * Closing the listening channel stops new connections from landing on this worker (with
 * {@code net.ipv4.tcp_migrate_req=1} the kernel moves those still queued to a sibling).
 * Then this drain waits, at most {@code firstRequestTimeout}, for connections accepted a
 * moment earlier to bring their request, and, at most {@code drainTimeout}, for every
 * request to be answered. It does the waiting itself because Reactor Netty's
 * {@code disposeNow}, which Boot's graceful shutdown calls next, returns at once for a
 * server whose channel is closed; it then closes the idle persistent connections, whose
 * clients retry on a new connection as HTTP clients do.
 *
 * @author cluster-master
 */
public final class NettyListenerDrain implements SmartLifecycle {

	/** One above Boot's graceful shutdown: this drain is done before it starts. */
	static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

	private static final Log logger = LogFactory.getLog(NettyListenerDrain.class);

	private final NettyListener listener;

	private final Duration firstRequestTimeout;

	private final Duration drainTimeout;

	private volatile boolean running;

	/**
	 * Create a drain.
	 * @param listener the server as seen by {@link ReusePortNettyCustomizer}
	 */
	public NettyListenerDrain(NettyListener listener) {
		this(listener, Duration.ofSeconds(2), Duration.ofSeconds(30));
	}

	NettyListenerDrain(NettyListener listener, Duration firstRequestTimeout, Duration drainTimeout) {
		this.listener = listener;
		this.firstRequestTimeout = firstRequestTimeout;
		this.drainTimeout = drainTimeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		DisposableServer server = this.listener.server();
		if (server == null) {
			return;
		}
		long start = System.nanoTime();
		try {
			server.channel().close().syncUninterruptibly();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close the listening channel before shutdown; a client may be dropped", ex);
		}
		long freshDeadline = start + this.firstRequestTimeout.toNanos();
		long deadline = start + this.drainTimeout.toNanos();
		while (true) {
			long now = System.nanoTime();
			long fresh = (now - freshDeadline < 0) ? this.listener.count(NettyListener.Phase.FRESH) : 0;
			long active = this.listener.count(NettyListener.Phase.ACTIVE);
			if (fresh + active == 0) {
				if (logger.isDebugEnabled()) {
					logger.debug("Left the port's SO_REUSEPORT group and served every accepted request after "
							+ Duration.ofNanos(now - start).toMillis() + " ms");
				}
				return;
			}
			if (now - deadline > 0) {
				logger.warn(active + " request(s) still running " + this.drainTimeout.toMillis()
						+ " ms after this worker stopped listening; shutting down anyway");
				return;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}
