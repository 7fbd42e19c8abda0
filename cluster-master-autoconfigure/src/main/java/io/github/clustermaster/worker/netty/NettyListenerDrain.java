package io.github.clustermaster.worker.netty;

import java.time.Duration;

import io.github.clustermaster.worker.WorkerDrain;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.DisposableServer;


/**
 * Stops a worker's Reactor Netty server from taking connections before Spring Boot's
 * graceful shutdown, then waits until every connection it accepted has brought its first
 * request.
 * <p>
 * On the socket inherited from the master the server stops reading it: the connections
 * waiting in its one queue go to the other workers. Under {@code SO_REUSEPORT} closing the
 * listening channel stops new connections from landing on this worker (with
 * {@code net.ipv4.tcp_migrate_req=1} the kernel moves those still queued to a sibling;
 * with 0 it resets them).
 * Then this drain waits, at most {@code firstRequestTimeout}, for connections accepted a
 * moment earlier to bring their request, and, at most {@code drainTimeout}, for every
 * request to be answered. It does the waiting itself because Reactor Netty's
 * {@code disposeNow}, which Boot's graceful shutdown calls next, returns at once for a
 * server whose channel is closed; it then closes the idle persistent connections, whose
 * clients retry on a new connection as HTTP clients do.
 *
 * @author cluster-master
 */
public final class NettyListenerDrain extends WorkerDrain {

	private static final Log logger = LogFactory.getLog(NettyListenerDrain.class);

	private final NettyListener listener;

	private final Duration firstRequestTimeout;

	private final Duration drainTimeout;

	/**
	 * Create a drain.
	 * @param listener the server as seen by {@link NettyPortSharingCustomizer}
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
	protected void drain() {
		DisposableServer server = this.listener.server();
		if (server == null) {
			return;
		}
		long start = System.nanoTime();
		try {
			stopAccepting(server.channel());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not stop accepting before shutdown; a client may be dropped", ex);
		}
		long freshDeadline = start + this.firstRequestTimeout.toNanos();
		long deadline = start + this.drainTimeout.toNanos();
		while (true) {
			long now = System.nanoTime();
			long fresh = (now - freshDeadline < 0) ? this.listener.count(NettyListener.Phase.FRESH) : 0;
			long active = this.listener.count(NettyListener.Phase.ACTIVE);
			if (fresh + active == 0) {
				if (logger.isDebugEnabled()) {
					logger.debug("Stopped accepting and served every accepted request after "
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

	/**
	 * Stop taking connections. The inherited socket stays open, only this worker stops
	 * reading it, and the connections waiting on it go to the others; a socket of this
	 * worker's own under {@code SO_REUSEPORT} is closed, which takes it out of the port's
	 * group.
	 */
	private void stopAccepting(Channel channel) {
		if (this.listener.inherited()) {
			channel.config().setAutoRead(false);
			// Runs after the event loop has stopped reading the socket
			channel.eventLoop().submit(() -> null).syncUninterruptibly();
		}
		else {
			channel.close().syncUninterruptibly();
		}
	}

}
