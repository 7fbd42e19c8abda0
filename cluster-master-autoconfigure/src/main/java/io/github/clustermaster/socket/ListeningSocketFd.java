package io.github.clustermaster.socket;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * Finds the number of the file descriptor behind a listening {@link ServerSocketChannel},
 * which the JDK keeps to itself.
 * <p>
 * On Linux it reads {@code /proc}, which needs no JVM flags: the socket inodes of this
 * process's descriptors are matched against the rows of {@code /proc/self/net/tcp(6)}
 * that listen on the bound port. Otherwise it asks the JDK's internal
 * {@code sun.nio.ch.SelChImpl#getFDVal}, which only works with {@code --add-exports
 * java.base/sun.nio.ch=ALL-UNNAMED}.
 *
 * @author cluster-master
 */
final class ListeningSocketFd {

	private static final String TCP_LISTEN = "0A";

	private static final String SOCKET_LINK_PREFIX = "socket:[";

	private ListeningSocketFd() {
	}

	/**
	 * Return the descriptor number of the given channel.
	 * @param channel a bound channel of this process
	 * @param port the port it is bound to
	 * @return the descriptor number
	 * @throws IllegalStateException if neither way can tell the number, with both reasons
	 */
	static int of(ServerSocketChannel channel, int port) {
		List<String> reasons = new ArrayList<>(2);
		Path procSelf = Path.of("/proc/self");
		if (Files.isDirectory(procSelf.resolve("fd"))) {
			try {
				return fromProcfs(procSelf, port);
			}
			catch (IOException | IllegalStateException ex) {
				reasons.add("/proc: " + ex.getMessage());
			}
		}
		else {
			reasons.add("/proc: not available on " + System.getProperty("os.name"));
		}
		try {
			return fromReflection(channel);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			reasons.add("sun.nio.ch.SelChImpl#getFDVal: " + ex
					+ " (needs --add-exports java.base/sun.nio.ch=ALL-UNNAMED)");
		}
		throw new IllegalStateException("Cannot find the file descriptor of the server socket listening on port "
				+ port + ", which workers would inherit as their stdin: " + String.join("; ", reasons));
	}

	/**
	 * Return the lowest descriptor of the one socket of this process that listens on the
	 * port. A port number alone could name another process's socket (the tables are per
	 * network namespace), hence the inode match; two sockets of this process on the same
	 * port (different addresses) would be ambiguous, hence the refusal.
	 */
	static int fromProcfs(Path procSelf, int port) throws IOException {
		Set<String> listening = new HashSet<>();
		for (String table : new String[] { "net/tcp", "net/tcp6" }) {
			Path path = procSelf.resolve(table);
			if (Files.isReadable(path)) {
				listening.addAll(listeningInodes(Files.readAllLines(path), port));
			}
		}
		TreeMap<String, Integer> lowestFdByInode = new TreeMap<>();
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(procSelf.resolve("fd"))) {
			for (Path fd : fds) {
				String inode = socketInode(fd);
				if (inode != null && listening.contains(inode)) {
					lowestFdByInode.merge(inode, Integer.parseInt(fd.getFileName().toString()), Math::min);
				}
			}
		}
		if (lowestFdByInode.size() != 1) {
			throw new IllegalStateException(lowestFdByInode.size() + " listening sockets of this process on port "
					+ port + " (socket inodes " + lowestFdByInode.keySet() + "), expected exactly one");
		}
		return lowestFdByInode.firstEntry().getValue();
	}

	/**
	 * Return the inodes of the rows in a {@code /proc/net/tcp} table that are in state
	 * LISTEN on the port. Row format: {@code sl local_address rem_address st tx:rx tr:when
	 * retrnsmt uid timeout inode ...}, addresses as {@code HEXADDR:HEXPORT}.
	 */
	static Set<String> listeningInodes(List<String> table, int port) {
		Set<String> inodes = new HashSet<>();
		for (int i = 1; i < table.size(); i++) {
			String[] columns = table.get(i).trim().split("\\s+");
			if (columns.length > 9 && TCP_LISTEN.equals(columns[3]) && port(columns[1]) == port) {
				inodes.add(columns[9]);
			}
		}
		return inodes;
	}

	/**
	 * Return the address a listening socket of this process is bound to, from its
	 * descriptor: the socket's inode, then its LISTEN row in {@code /proc/self/net/tcp(6)}.
	 * @param procSelf {@code /proc/self}
	 * @param fd the descriptor
	 * @return the bound address
	 * @throws IOException if {@code /proc} cannot be read
	 * @throws IllegalStateException if the descriptor is not a listening TCP socket
	 */
	static InetSocketAddress addressOf(Path procSelf, int fd) throws IOException {
		return address(listenRow(procSelf, fd)[1]);
	}

	/**
	 * Return how many connections wait in the accept queue of a listening socket of this
	 * process: the {@code rx_queue} of its LISTEN row (for a listening socket the kernel
	 * reports its accept backlog there, as {@code ss -lnt} shows in {@code Recv-Q}).
	 * @param procSelf {@code /proc/self}
	 * @param fd the descriptor
	 * @return the number of connections not accepted yet
	 * @throws IOException if {@code /proc} cannot be read
	 * @throws IllegalStateException if the descriptor is not a listening TCP socket
	 */
	static int acceptQueue(Path procSelf, int fd) throws IOException {
		String queues = listenRow(procSelf, fd)[4];
		return Integer.parseInt(queues.substring(queues.indexOf(':') + 1), 16);
	}

	private static String[] listenRow(Path procSelf, int fd) throws IOException {
		String inode = socketInode(procSelf.resolve("fd").resolve(Integer.toString(fd)));
		if (inode == null) {
			throw new IllegalStateException("File descriptor " + fd + " is not a socket");
		}
		for (String table : new String[] { "net/tcp", "net/tcp6" }) {
			Path path = procSelf.resolve(table);
			if (!Files.isReadable(path)) {
				continue;
			}
			// Read up to the row: the kernel lists listening sockets first, so a busy server's
			// thousands of connections are not read once a second.
			try (BufferedReader rows = Files.newBufferedReader(path, StandardCharsets.US_ASCII)) {
				rows.readLine();
				for (String row = rows.readLine(); row != null; row = rows.readLine()) {
					String[] columns = row.trim().split("\\s+");
					if (columns.length > 9 && columns[9].equals(inode)) {
						if (!TCP_LISTEN.equals(columns[3])) {
							throw new IllegalStateException(
									"File descriptor " + fd + " is a TCP socket that does not listen");
						}
						return columns;
					}
				}
			}
		}
		throw new IllegalStateException("File descriptor " + fd + " is not a listening TCP socket (socket inode "
				+ inode + " is in neither /proc/self/net/tcp nor tcp6)");
	}

	/**
	 * Decode a {@code /proc/net/tcp} address, {@code HEXADDR:HEXPORT}, the address in the
	 * kernel's byte order: 32-bit words in host order (little-endian on x86 and ARM).
	 */
	static InetSocketAddress address(String hexAddress) throws UnknownHostException {
		int colon = hexAddress.lastIndexOf(':');
		String hex = hexAddress.substring(0, colon);
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int at = (word * 4 + i) * 2;
				bytes[word * 4 + 3 - i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		return new InetSocketAddress(InetAddress.getByAddress(bytes), port(hexAddress));
	}

	private static int port(String hexAddress) {
		int colon = hexAddress.lastIndexOf(':');
		try {
			return (colon < 0) ? -1 : Integer.parseInt(hexAddress.substring(colon + 1), 16);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static @Nullable String socketInode(Path fd) {
		try {
			String target = Files.readSymbolicLink(fd).toString();
			return target.startsWith(SOCKET_LINK_PREFIX)
					? target.substring(SOCKET_LINK_PREFIX.length(), target.length() - 1) : null;
		}
		catch (IOException ex) {
			// Descriptors come and go while we look (the directory stream has its own)
			return null;
		}
	}

	private static int fromReflection(ServerSocketChannel channel) throws ReflectiveOperationException {
		Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
		if (!selChImpl.isInstance(channel)) {
			throw new IllegalStateException(channel.getClass().getName() + " is not a " + selChImpl.getName());
		}
		Method getFdVal = selChImpl.getMethod("getFDVal");
		return (int) getFdVal.invoke(channel);
	}

}
