package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a free TCP port on 127.0.0.1 for a cluster to listen on.
 *
 * @author cluster-master
 */
public final class FreePort {

	/** The IPv4 loopback address, 127.0.0.1, whatever the JVM prefers. */
	static final InetAddress LOOPBACK = loopback();

	private static final int ATTEMPTS = 20;

	/**
	 * Ports already handed out in this JVM: the system may offer a just-closed port again,
	 * and two clusters of one test must not get the same one.
	 */
	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePort() {
	}

	/**
	 * Return a port that nothing listens on at 127.0.0.1 right now and that this method has
	 * not returned before in this JVM.
	 * @return the port
	 */
	public static int find() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(LOOPBACK, 0), 1);
				int port = socket.getLocalPort();
				if (handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not bind a free port on 127.0.0.1", ex);
			}
		}
		throw new IllegalStateException("No new free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
	}

	private static InetAddress loopback() {
		try {
			return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
