package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A worker's end of the IPC channel: says hello, reports readiness, sends heartbeats from
 * a daemon thread, and tells its {@link Listener} when the master asks it to stop or when
 * the master is gone (the connection closed, even because the master was SIGKILLed).
 *
 * @author cluster-master
 */
public final class MasterConnection implements Closeable {

	private static final Log logger = LogFactory.getLog(MasterConnection.class);

	/** How often a worker sends a heartbeat. */
	public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	private final FrameChannel channel;

	private final int id;

	private final Listener listener;

	private volatile boolean closed;

	private MasterConnection(FrameChannel channel, int id, Listener listener) {
		this.channel = channel;
		this.id = id;
		this.listener = listener;
	}

	/**
	 * Connect to the master, say hello and start the reader and heartbeat threads.
	 * @param socket the master's IPC socket
	 * @param id this worker's id
	 * @param listener told about the master's requests and its loss
	 * @return the connection
	 * @throws IOException if the master cannot be reached
	 */
	public static MasterConnection connect(Path socket, int id, Listener listener) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(socket));
		MasterConnection connection = new MasterConnection(new FrameChannel(channel), id, listener);
		connection.channel.write(Frame.hello(id, ProcessHandle.current().pid()));
		daemon("cluster-master-worker-ipc", connection::read);
		daemon("cluster-master-worker-heartbeat", connection::beat);
		return connection;
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Tell the master this worker's application is ready and accepts connections.
	 */
	public void ready() {
		send(Frame.of(Frame.READY));
	}

	private void send(Frame frame) {
		try {
			this.channel.write(frame);
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("Could not send " + frame.type() + " to the master: " + ex.getMessage());
			}
		}
	}

	private void read() {
		try {
			for (Frame frame = this.channel.read(); frame != null; frame = this.channel.read()) {
				if (Frame.SHUTDOWN.equals(frame.type())) {
					this.listener.shutdownRequested();
				}
			}
		}
		catch (IOException ex) {
			logger.debug("IPC connection to the master failed: " + ex.getMessage());
		}
		if (!this.closed) {
			this.listener.masterLost();
		}
	}

	private void beat() {
		while (!this.closed) {
			try {
				Thread.sleep(HEARTBEAT_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
			send(Frame.of(Frame.HEARTBEAT));
		}
	}

	/**
	 * This worker's id.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.channel.close();
	}

	/**
	 * What a worker does when the master speaks or disappears. Called on the IPC thread.
	 */
	public interface Listener {

		/** The master asks this worker to stop gracefully. */
		void shutdownRequested();

		/** The connection to the master is gone: the worker must not outlive it. */
		void masterLost();

	}

}
