package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.clustermaster.supervisor.WorkerEvents;
import io.github.clustermaster.supervisor.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.FileSystemUtils;

/**
 * The master's end of the IPC channel: a UNIX domain socket in a fresh directory that only
 * the master's user may enter (mode 0700), one connection and one reader thread per
 * worker. Frames become {@link WorkerEvents}.
 *
 * @author cluster-master
 */
public final class IpcServer implements Closeable {

	private static final Log logger = LogFactory.getLog(IpcServer.class);

	private final Path directory;

	private final Path socket;

	private final ServerSocketChannel server;

	private volatile @Nullable WorkerEvents events;

	private final Set<FrameChannel> connections = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	private IpcServer(Path directory) throws IOException {
		this.directory = directory;
		this.socket = directory.resolve("ipc.sock");
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(this.socket));
	}

	/**
	 * Create the private directory and bind the socket; nothing is accepted before
	 * {@link #serve(WorkerEvents)}, but workers may already connect.
	 * @return the bound server
	 * @throws IOException if the socket cannot be created
	 */
	public static IpcServer bind() throws IOException {
		Path directory = Files.createTempDirectory("cluster-master-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		return new IpcServer(directory);
	}

	/**
	 * Start accepting workers.
	 * @param events where the workers' frames go
	 */
	public synchronized void serve(WorkerEvents events) {
		if (this.events == null) {
			this.events = events;
			Thread acceptor = new Thread(this::accept, "cluster-master-ipc");
			acceptor.setDaemon(true);
			acceptor.start();
		}
	}

	/**
	 * The socket's path, given to workers in their environment.
	 * @return the path
	 */
	public Path socket() {
		return this.socket;
	}

	private void accept() {
		while (!this.closed) {
			try {
				SocketChannel channel = this.server.accept();
				Thread reader = new Thread(() -> serve(new FrameChannel(channel)), "cluster-master-ipc-worker");
				reader.setDaemon(true);
				reader.start();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.warn("IPC accept failed: " + ex.getMessage());
				}
			}
		}
	}

	private void serve(FrameChannel channel) {
		WorkerEvents events = Objects.requireNonNull(this.events);
		int id = -1;
		this.connections.add(channel);
		try (channel) {
			Frame hello = channel.read();
			if (hello == null || !Frame.HELLO.equals(hello.type()) || hello.id() == null || hello.pid() == null) {
				logger.warn("IPC connection closed: expected a hello frame first, got " + hello);
				return;
			}
			id = hello.id();
			Thread.currentThread().setName("cluster-master-ipc-worker-" + id);
			events.connected(id, hello.pid(), new Link(channel, id));
			for (Frame frame = channel.read(); frame != null; frame = channel.read()) {
				dispatch(events, id, frame);
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("IPC connection of worker " + id + " ended: " + ex.getMessage());
			}
		}
		finally {
			this.connections.remove(channel);
			if (id >= 0) {
				events.disconnected(id);
			}
		}
	}

	private void dispatch(WorkerEvents events, int id, Frame frame) {
		switch (frame.type()) {
			case Frame.READY -> events.ready(id);
			case Frame.HEARTBEAT -> events.heartbeat(id);
			default -> logger.warn("Ignoring an unknown IPC frame from worker " + id + ": " + frame.type());
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		for (FrameChannel connection : this.connections) {
			connection.close();
		}
		FileSystemUtils.deleteRecursively(this.directory);
	}

	private static final class Link implements WorkerLink {

		private final FrameChannel channel;

		private final int id;

		Link(FrameChannel channel, int id) {
			this.channel = channel;
			this.id = id;
		}

		@Override
		public boolean requestShutdown() {
			try {
				this.channel.write(Frame.of(Frame.SHUTDOWN));
				return true;
			}
			catch (IOException ex) {
				logger.debug("Could not ask worker " + this.id + " to shut down: " + ex.getMessage());
				return false;
			}
		}

	}

}
