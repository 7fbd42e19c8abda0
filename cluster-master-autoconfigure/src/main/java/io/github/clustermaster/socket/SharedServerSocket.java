package io.github.clustermaster.socket;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFSocket;
import org.newsclub.net.unix.AFSocketCapability;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * A listening TCP socket that the master binds once and hands to every worker as its
 * standard input, where the worker's JDK returns it from
 * {@link System#inheritedChannel()}. All workers then accept from the same kernel queue:
 * connections wait there while workers restart, instead of being refused.
 * <p>
 * The master never accepts on it. It stays open for as long as the master may start
 * workers; a worker must never close it (it is shared) nor read its {@code System.in}.
 * <p>
 * The JDK closes every descriptor but 0 to 2 in a child and has no public way to make
 * a socket the child's stdin, so {@link #stdinRedirect()} uses junixsocket's
 * {@link FileDescriptorCast} (see {@link #isSupported()}).
 *
 * @author cluster-master
 */
public final class SharedServerSocket implements Closeable {

	/** The socket the master bound, or {@code null} for an adopted one. */
	private final @Nullable ServerSocketChannel channel;

	/** The descriptor of an adopted socket, or -1 for one the master bound. */
	private final int adoptedFd;

	/** The socket's descriptor, once {@link #fd()} looked it up. */
	private int fd = -1;

	private final InetSocketAddress address;

	private @Nullable Redirect stdinRedirect;

	private boolean closed;

	private SharedServerSocket(@Nullable ServerSocketChannel channel, int adoptedFd, InetSocketAddress address) {
		this.channel = channel;
		this.adoptedFd = adoptedFd;
		this.address = address;
	}

	/**
	 * Adopt a listening socket this process inherited, such as the one systemd passes by
	 * socket activation: the master hands it to its workers as it is, bound and listening,
	 * and never binds one of its own.
	 * @param fd the socket's file descriptor
	 * @return the shared socket
	 * @throws IllegalStateException if the descriptor is not a listening TCP socket or
	 * {@code /proc} cannot tell its address
	 */
	public static SharedServerSocket adopt(int fd) {
		try {
			return new SharedServerSocket(null, fd, ListeningSocketFd.addressOf(Path.of("/proc/self"), fd));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the address of the listening socket on file descriptor " + fd
					+ " from /proc: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Bind a listening socket with {@code SO_REUSEADDR}, so that a restarted master can
	 * bind again while connections of its predecessor linger in {@code TIME_WAIT}.
	 * @param address the address to bind; port 0 picks a free port
	 * @param backlog the length of the accept queue shared by all workers, or 0 for the
	 * JDK's default
	 * @return the bound socket
	 * @throws BindException if the address cannot be bound (for example the port is in
	 * use), naming the address and port
	 * @throws IOException if the socket cannot be opened
	 */
	public static SharedServerSocket bind(InetSocketAddress address, int backlog) throws IOException {
		Objects.requireNonNull(address, "address must not be null");
		if (address.isUnresolved()) {
			throw new IllegalArgumentException("Cannot bind the shared server socket to unresolved address " + address);
		}
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(address, backlog);
			return new SharedServerSocket(channel, -1, (InetSocketAddress) channel.getLocalAddress());
		}
		catch (IOException ex) {
			IOException failure = bindFailure(address, ex);
			try {
				channel.close();
			}
			catch (IOException closeFailure) {
				failure.addSuppressed(closeFailure);
			}
			throw failure;
		}
	}

	private static IOException bindFailure(InetSocketAddress address, IOException cause) {
		String message = "Cannot bind the shared server socket to " + describe(address) + ": "
				+ cause.getMessage();
		if (cause instanceof BindException) {
			BindException failure = new BindException(message);
			failure.initCause(cause);
			return failure;
		}
		return new IOException(message, cause);
	}

	/**
	 * Return whether this platform can hand the socket to a child process, that is
	 * whether junixsocket can turn a raw file descriptor into a
	 * {@link ProcessBuilder.Redirect}. Never throws.
	 * @return whether {@link #stdinRedirect()} can work here
	 */
	public static boolean isSupported() {
		try {
			return AFSocket.supports(AFSocketCapability.CAPABILITY_FD_AS_REDIRECT)
					&& AFSocket.supports(AFSocketCapability.CAPABILITY_UNSAFE);
		}
		catch (LinkageError | RuntimeException ex) {
			// junixsocket's native library could not be loaded: unsupported, not broken
			return false;
		}
	}

	/**
	 * Return the port the socket is bound to, also when it was bound to port 0.
	 * @return the bound port
	 */
	public int port() {
		return this.address.getPort();
	}

	/**
	 * Return the address the socket is bound to, with the actual port.
	 * @return the bound address
	 */
	public InetSocketAddress address() {
		return this.address;
	}

	/**
	 * Return the redirect that makes a child's stdin this socket, for
	 * {@link ProcessBuilder#redirectInput(Redirect)}. It is created on first use and the
	 * same instance serves every spawn.
	 * @return the redirect
	 * @throws IllegalStateException if this socket is closed, if the platform is not
	 * {@link #isSupported() supported}, or if the socket's file descriptor cannot be found
	 */
	public synchronized Redirect stdinRedirect() {
		if (this.closed || (this.channel != null && !this.channel.isOpen())) {
			throw new IllegalStateException("The shared server socket on " + describe(this.address) + " is closed");
		}
		if (this.stdinRedirect == null) {
			this.stdinRedirect = createStdinRedirect();
		}
		return this.stdinRedirect;
	}

	private Redirect createStdinRedirect() {
		if (!isSupported()) {
			throw new IllegalStateException("Cannot make the shared server socket on " + describe(this.address)
					+ " the stdin of workers: junixsocket cannot turn a file descriptor into a ProcessBuilder.Redirect"
					+ " on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " with Java "
					+ System.getProperty("java.version")
					+ " (its native library did not load, or lacks CAPABILITY_FD_AS_REDIRECT; if the temp dir is"
					+ " noexec, set -Dorg.newsclub.net.unix.library.tmpdir)");
		}
		int fd = fd();
		try {
			return FileDescriptorCast.unsafeUsing(fd).as(Redirect.class);
		}
		catch (IOException | ClassCastException ex) {
			throw new IllegalStateException("Cannot make file descriptor " + fd + " of the shared server socket on "
					+ describe(this.address) + " a ProcessBuilder.Redirect: " + ex.getMessage(), ex);
		}
	}

	/** The socket's descriptor: an adopted one's, or the bound channel's, looked up once. */
	private synchronized int fd() {
		if (this.fd < 0) {
			this.fd = (this.channel != null) ? ListeningSocketFd.of(this.channel, port()) : this.adoptedFd;
		}
		return this.fd;
	}

	/**
	 * Return how many connections wait in this socket's accept queue, accepted by no
	 * worker yet (Linux, from {@code /proc}).
	 * @return the number, or -1 when it cannot be read (another platform, a closed socket)
	 */
	public int acceptQueue() {
		try {
			int fd;
			synchronized (this) {
				if (this.closed) {
					return -1;
				}
				fd = fd();
			}
			return ListeningSocketFd.acceptQueue(Path.of("/proc/self"), fd);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Return whether this is a socket the process inherited rather than bound.
	 * @return whether it was {@link #adopt(int) adopted}
	 */
	public boolean isAdopted() {
		return this.channel == null;
	}

	/**
	 * Close the socket. Workers that inherited it keep serving on their copies; only
	 * future spawns are affected. An adopted socket stays open until the process exits:
	 * whoever passed it (systemd) keeps its own copy and the master has no channel for it.
	 */
	@Override
	public synchronized void close() throws IOException {
		this.closed = true;
		this.stdinRedirect = null;
		if (this.channel != null) {
			this.channel.close();
		}
	}

	@Override
	public String toString() {
		return "SharedServerSocket[" + describe(this.address) + (isAdopted() ? ", fd " + this.adoptedFd : "") + "]";
	}

	private static String describe(InetSocketAddress address) {
		String host = (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
		return ((address.getAddress() instanceof Inet6Address) ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
