package io.github.clustermaster.shell;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

import io.github.clustermaster.master.ReplAddress;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The REPL's listening socket. A UNIX socket file is created with mode 0600 (bound in a
 * private directory, made owner-only, then renamed into place, so no one else can connect
 * in between), replaces a stale file left by a master that died, and is removed on close.
 * A TCP socket binds exactly the address asked for; one that is not loopback is logged as
 * a warning, since the REPL has no authentication.
 *
 * @author cluster-master
 */
final class ReplListener implements Closeable {

	private static final Log logger = LogFactory.getLog(ReplListener.class);

	/** The file type bits of {@code st_mode}. */
	private static final int S_IFMT = 0170000;

	/** The file type of a socket. */
	private static final int S_IFSOCK = 0140000;

	private final ServerSocketChannel channel;

	private final String description;

	private final @Nullable Path socketFile;

	private final @Nullable Object fileKey;

	private ReplListener(ServerSocketChannel channel, String description, @Nullable Path socketFile,
			@Nullable Object fileKey) {
		this.channel = channel;
		this.description = description;
		this.socketFile = socketFile;
		this.fileKey = fileKey;
	}

	/**
	 * Listen where the address says.
	 * @param address a UNIX socket path or a TCP address, not off
	 * @return the listener
	 * @throws IOException if the socket cannot be bound; the message names the address
	 */
	static ReplListener open(ReplAddress address) throws IOException {
		return open(address, false);
	}

	/**
	 * Listen where the address says, replacing, if asked to, the socket file of a live
	 * master: the one an upgrade replaces, whose REPL the new master takes over. The file is
	 * renamed over at once, so a client never finds no REPL there.
	 * @param address a UNIX socket path or a TCP address, not off
	 * @param replace whether to take a UNIX socket path over from a process listening there
	 * @return the listener
	 * @throws IOException if the socket cannot be bound; the message names the address
	 */
	static ReplListener open(ReplAddress address, boolean replace) throws IOException {
		Path path = address.path();
		InetSocketAddress tcp = address.tcp();
		if (path != null) {
			return unix(path.toAbsolutePath().normalize(), replace);
		}
		if (tcp != null) {
			return tcp(tcp);
		}
		throw new IllegalArgumentException("The REPL is off; there is nothing to listen on");
	}

	private static ReplListener unix(Path path, boolean replace) throws IOException {
		if (!replace) {
			refuseLiveOrForeignFile(path);
		}
		else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !isSocket(path)) {
			throw new IOException("Cannot listen for the REPL on unix:" + path
					+ ": the file exists and is not a socket; remove it or set cluster.master.repl to another path");
		}
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			bindOwnerOnly(channel, path);
			Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			return new ReplListener(channel, "unix:" + path, path, fileKey);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw new IOException("Cannot listen for the REPL on unix:" + path + ": " + ex.getMessage(), ex);
		}
	}

	private static void refuseLiveOrForeignFile(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(path)) {
			throw new IOException("Cannot listen for the REPL on unix:" + path
					+ ": the file exists and is not a socket; remove it or set cluster.master.repl to another path");
		}
		try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			throw new IOException("Cannot listen for the REPL on unix:" + path
					+ ": another process (another master?) listens there; stop it or set cluster.master.repl "
					+ "to another path or false");
		}
		catch (ConnectException ex) {
			logger.info("Replacing the stale REPL socket " + path + " (" + ex.getMessage() + ")");
		}
	}

	private static boolean isSocket(Path path) throws IOException {
		try {
			int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode & S_IFMT) == S_IFSOCK;
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
		}
	}

	private static void bindOwnerOnly(ServerSocketChannel channel, Path path) throws IOException {
		Path parent = Objects.requireNonNull(path.getParent(), "an absolute path has a parent");
		// Created with mode 0700: no one else can reach the socket before it is made 0600.
		Path privateDirectory = Files.createTempDirectory(parent, ".cmr");
		Path temporary = privateDirectory.resolve("s");
		try {
			channel.bind(UnixDomainSocketAddress.of(temporary));
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			// rename(2) replaces a stale socket file atomically.
			Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (SocketException ex) {
			// The private directory made the path too long for a UNIX socket (108 bytes).
			Files.deleteIfExists(path);
			channel.bind(UnixDomainSocketAddress.of(path));
			Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
			logger.debug("Bound the REPL socket in place: " + ex.getMessage());
		}
		finally {
			Files.deleteIfExists(temporary);
			Files.deleteIfExists(privateDirectory);
		}
	}

	private static ReplListener tcp(InetSocketAddress unresolved) throws IOException {
		InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
		String description = "tcp:" + unresolved.getHostString() + ":" + unresolved.getPort();
		if (address.isUnresolved()) {
			throw new IOException("Cannot listen for the REPL on " + description + ": unknown host");
		}
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(address);
		}
		catch (IOException ex) {
			channel.close();
			throw new IOException("Cannot listen for the REPL on " + description + ": " + ex.getMessage(), ex);
		}
		String warning = exposureWarning(address);
		if (warning != null) {
			logger.warn(warning);
		}
		return new ReplListener(channel, description, null, null);
	}

	/**
	 * The warning to log for a TCP address that other machines may reach.
	 * @param address a resolved address
	 * @return the warning, or {@code null} for a loopback address
	 */
	static @Nullable String exposureWarning(InetSocketAddress address) {
		if (address.getAddress() != null && address.getAddress().isLoopbackAddress()) {
			return null;
		}
		return "The REPL listens on " + address.getHostString() + ":" + address.getPort()
				+ ", which is not a loopback address: anyone who can reach it controls the cluster (the REPL has "
				+ "no authentication). Prefer a UNIX socket, a bare port (bound to 127.0.0.1) or false.";
	}

	ServerSocketChannel channel() {
		return this.channel;
	}

	/**
	 * Where the REPL listens, as {@code unix:<absolute path>} or {@code tcp:<host>:<port>}.
	 * @return the description
	 */
	String description() {
		return this.description;
	}

	/**
	 * The bound address, for example to learn a TCP port.
	 * @return the address
	 * @throws IOException if the channel is closed
	 */
	SocketAddress localAddress() throws IOException {
		return Objects.requireNonNull(this.channel.getLocalAddress());
	}

	/**
	 * The UNIX socket file, or {@code null} for TCP.
	 * @return the file
	 */
	@Nullable Path socketFile() {
		return this.socketFile;
	}

	/**
	 * Stop listening and remove the socket file, unless another process has replaced it
	 * meanwhile.
	 * @throws IOException if the channel cannot be closed
	 */
	@Override
	public void close() throws IOException {
		try {
			this.channel.close();
		}
		finally {
			deleteSocketFile();
		}
	}

	private void deleteSocketFile() {
		Path file = this.socketFile;
		if (file == null) {
			return;
		}
		try {
			Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			if (Objects.equals(key, this.fileKey)) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

}
