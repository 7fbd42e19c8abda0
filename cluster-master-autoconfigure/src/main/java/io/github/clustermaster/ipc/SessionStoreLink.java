package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One master's link to another's session store during an upgrade, on the other's IPC
 * socket: calls go one at a time and wait for their answer. The new master relays its
 * workers' calls to the old one until it takes over, and then asks for the whole store
 * ({@link #handOver}); the old one relays its workers' later calls to the new one.
 *
 * @author cluster-master
 */
public final class SessionStoreLink implements Closeable {

	private final FrameChannel channel;

	private final Path socket;

	private long seq;

	private SessionStoreLink(FrameChannel channel, Path socket) {
		this.channel = channel;
		this.socket = socket;
	}

	/**
	 * Connect to a master's IPC socket.
	 * @param socket the socket
	 * @return the link
	 * @throws IOException if the master cannot be reached
	 */
	public static SessionStoreLink connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return new SessionStoreLink(new FrameChannel(channel), socket);
	}

	/**
	 * Make a call and wait for the answer.
	 * @param call the call
	 * @return the session found, or {@code null}
	 * @throws IOException if the link broke
	 * @throws IllegalArgumentException if the other master refused the call (with its
	 * reason)
	 */
	public synchronized @Nullable SessionData call(SessionCall call) throws IOException {
		Frame.SessionReply reply = send(call);
		if (reply.error() != null) {
			throw new IllegalArgumentException(reply.error());
		}
		return reply.session();
	}

	/**
	 * Take the other master's whole store; from now on it relays its workers' calls to
	 * {@code successor}.
	 * @param successor this master's IPC socket
	 * @return every session it held
	 * @throws IOException if the link broke or the other master failed
	 */
	public synchronized List<SessionData> handOver(Path successor) throws IOException {
		Frame.SessionReply reply = send(new SessionCall(SessionCall.Op.HAND_OVER, successor.toString(), null, 0, 0,
				null, null));
		List<SessionData> sessions = new ArrayList<>();
		while (reply.session() != null) {
			sessions.add(reply.session());
			reply = next(reply.seq());
		}
		if (reply.error() != null) {
			throw new IOException("The master on " + this.socket + " did not hand its sessions over: " + reply.error());
		}
		return sessions;
	}

	private Frame.SessionReply send(SessionCall call) throws IOException {
		long seq = ++this.seq;
		this.channel.write(FrameChannel.encode(new Frame.SessionRequest(seq, call)));
		return next(seq);
	}

	private Frame.SessionReply next(long seq) throws IOException {
		while (true) {
			Frame frame = this.channel.read();
			if (frame == null) {
				throw new IOException("The master on " + this.socket + " closed the link");
			}
			if (frame instanceof Frame.SessionReply reply && reply.seq() == seq) {
				return reply;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
