package io.github.clustermaster.worker.netty;

import java.time.Duration;

import io.github.clustermaster.worker.WorkerDrain;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.DisposableServer;


/**
 * Stops a worker's Reactor Netty server from taking connections before Spring Boot's
 * graceful shutdown, then moves its keep-alive clients on and waits for the requests it
 * took, as Tomcat does once its acceptor is paused.
 * <p>
 * On the socket inherited from the master the server stops reading it: the connections
 * waiting in its one queue go to the other workers. Under {@code SO_REUSEPORT} closing the
 * listening channel stops new connections from landing on this worker (with
 * {@code net.ipv4.tcp_migrate_req=1} the kernel moves those still queued to a sibling;
 * with 0 it resets them). Then the connections this worker has are told to go: those idle
 * between requests are closed (a client retries on a new connection, as HTTP clients do
 * with a persistent connection the server closed), and the requests in flight, or still
 * to come on a connection accepted a moment earlier, are answered with
 * {@code Connection: close} and their connections closed once the answer is written (see
 * {@link NettyListener}). Without this, a keep-alive client that sends request after
 * request would keep its connection to the stopping worker until the drain timed out.
 * The drain waits, at most {@code firstRequestTimeout}, for connections accepted a
 * moment earlier to bring their request (then closes those that did not), and, at most
 * {@code drainTimeout}, until every connection is closed. It does the waiting itself
 * because Reactor Netty's {@code disposeNow}, which Boot's graceful shutdown calls next,
 * returns at once for a server whose channel is closed.
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
		this.listener.drain();
		long freshDeadline = start + this.firstRequestTimeout.toNanos();
		long deadline = start + this.drainTimeout.toNanos();
		long unanswered = 0;
		while (true) {
			long now = System.nanoTime();
			boolean late = now - freshDeadline > 0;
			if (late && unanswered == 0) {
				unanswered = this.listener.closeFresh();
			}
			// Past the first request's timeout, a connection without a request is not waited for
			long open = this.listener.open() - (late ? this.listener.count(NettyListener.Phase.FRESH) : 0);
			if (open <= 0) {
				if (logger.isDebugEnabled()) {
					logger.debug("Stopped accepting and closed every connection after its last answer in "
							+ Duration.ofNanos(now - start).toMillis() + " ms"
							+ ((unanswered > 0) ? " (" + unanswered + " brought no request within "
									+ this.firstRequestTimeout.toMillis() + " ms)" : ""));
				}
				return;
			}
			if (now - deadline > 0) {
				logger.warn(this.listener.count(NettyListener.Phase.ACTIVE) + " request(s) still running "
						+ this.drainTimeout.toMillis() + " ms after this worker stopped listening; shutting down anyway");
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
