package io.github.clustermaster.master.port;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Function;

import io.github.clustermaster.events.MasterEvent.PortShared;
import io.github.clustermaster.socket.SharedServerSocket;
import io.github.clustermaster.systemd.SocketActivation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * How the workers share the application's port, decided once by the master from
 * {@code cluster.master.port-sharing} and the server the workers run. With
 * {@link PortSharing#INHERIT} the master binds the port and every worker inherits the
 * socket as its stdin; with {@link PortSharing#REUSE_PORT} the master binds nothing
 * (it would take a share of the connections and never accept them) and each worker binds
 * with {@code SO_REUSEPORT}. Workers adapt to what they get: a worker whose stdin is a
 * listening socket serves it, any other worker binds with {@code SO_REUSEPORT}.
 *
 * @author cluster-master
 */
public final class MasterPort implements Closeable {

	/** The property that chooses how the workers share the port. */
	public static final String PROPERTY = "cluster.master.port-sharing";

	private static final String MANAGEMENT_PORT = "management.server.port";

	private static final int MAX_PORT = 65535;

	private static final String SYSTEMD = "the listening socket systemd passed (socket activation)";

	private static final Log logger = LogFactory.getLog(MasterPort.class);

	private final @Nullable SharedServerSocket socket;

	private final @Nullable PortSharing sharing;

	private final String description;

	private final @Nullable PortShared shared;

	private MasterPort(@Nullable SharedServerSocket socket, @Nullable PortSharing sharing, String description,
			@Nullable PortShared shared) {
		this.socket = socket;
		this.sharing = sharing;
		this.description = description;
		this.shared = shared;
	}

	/**
	 * Decide how the workers share the port and, for an inherited socket, bind it or adopt
	 * the one this master was given (by systemd, or by the master an upgrade replaces).
	 * @param environment the master's environment
	 * @param requested {@code cluster.master.port-sharing}
	 * @param workerWebApplicationType the workers' web application type
	 * @param predecessorPid the pid of the master an upgrade replaces, which handed over
	 * its listening socket, or {@code null} when no upgrade started this master
	 * @return the port
	 */
	public static MasterPort bind(Environment environment, PortSharing requested, String workerWebApplicationType,
			@Nullable Long predecessorPid) {
		WorkerServer server = WorkerServer.detect(workerWebApplicationType, MasterPort.class.getClassLoader());
		OptionalInt activated = SocketActivation.listeningFd(System.getenv(), ProcessHandle.current().pid());
		if (activated.isPresent()) {
			return adopt(environment, requested, server, SharedServerSocket.adopt(activated.getAsInt()),
					SharedServerSocket::stdinRedirect,
					(predecessorPid != null) ? "the listening socket master pid " + predecessorPid + " handed over"
							: SYSTEMD);
		}
		return bind(environment, requested, server, SharedServerSocket::stdinRedirect, TcpMigrateCheck.SYSCTL);
	}

	/**
	 * Share a listening socket the master was given (systemd's socket activation) instead
	 * of binding {@code server.port}: every worker inherits it, whatever the server.
	 * @param environment the master's environment
	 * @param requested {@code cluster.master.port-sharing}
	 * @param server the server the workers run
	 * @param socket the adopted socket
	 * @param handOff makes the socket a child's stdin
	 * @return the port
	 * @throws IllegalStateException if this platform cannot hand the socket to workers
	 */
	static MasterPort adopt(Environment environment, PortSharing requested, WorkerServer server,
			SharedServerSocket socket, Function<SharedServerSocket, Redirect> handOff) {
		return adopt(environment, requested, server, socket, handOff, SYSTEMD);
	}

	/**
	 * Share a listening socket the master was given, by systemd or by the master an
	 * upgrade replaces.
	 * @param environment the master's environment
	 * @param requested {@code cluster.master.port-sharing}
	 * @param server the server the workers run
	 * @param socket the adopted socket
	 * @param handOff makes the socket a child's stdin
	 * @param origin where the socket comes from, for the log
	 * @return the port
	 * @throws IllegalStateException if this platform cannot hand the socket to workers
	 */
	static MasterPort adopt(Environment environment, PortSharing requested, WorkerServer server,
			SharedServerSocket socket, Function<SharedServerSocket, Redirect> handOff, String origin) {
		if (server == WorkerServer.NONE) {
			logger.warn("This master was given " + origin + " (" + where(socket)
					+ ") but the workers run no web server: it stays unused");
			return new MasterPort(null, null, "no shared port (the workers run no web server)", null);
		}
		checkManagementPort(environment, socket.port());
		if (requested == PortSharing.REUSE_PORT) {
			logger.warn(PROPERTY + "=reuse-port is ignored: the workers inherit " + origin);
		}
		handOff.apply(socket);
		String how = origin + ", inherited by every worker (" + server.displayName() + ")";
		String port = environment.getProperty("server.port");
		return new MasterPort(socket, PortSharing.INHERIT, "shared port " + where(socket) + " (" + how + ")",
				new PortShared(where(socket), how, port));
	}

	private static String where(SharedServerSocket socket) {
		return socket.address().getHostString() + ":" + socket.port();
	}

	/**
	 * Decide and, for an inherited socket, bind.
	 * @param environment the master's environment
	 * @param requested {@code cluster.master.port-sharing}
	 * @param server the server the workers run
	 * @param handOff makes a bound socket a child's stdin; throws
	 * {@link IllegalStateException} where this platform cannot
	 * @param migrateSysctl the {@code tcp_migrate_req} file to read for SO_REUSEPORT
	 * @return the port
	 */
	static MasterPort bind(Environment environment, PortSharing requested, WorkerServer server,
			Function<SharedServerSocket, Redirect> handOff, Path migrateSysctl) {
		int port = environment.getProperty("server.port", Integer.class, 8080);
		if (server == WorkerServer.NONE || port < 0) {
			return new MasterPort(null, null, "no shared port (the workers run no web server)", null);
		}
		if (port > MAX_PORT) {
			throw new InvalidConfigurationPropertyValueException("server.port", port, "must be a port from 0 to "
					+ MAX_PORT + " (0 picks a free one; -1 runs the workers without a web server)");
		}
		checkManagementPort(environment, port);
		String host = environment.getProperty("server.address");
		String where = ((host != null) ? host : "") + ":" + port;
		String mismatch = requested.mismatch(server);
		if (mismatch != null) {
			logger.warn(PROPERTY + "=" + requested.propertyValue() + ": " + mismatch);
		}
		String fallback = null;
		if (requested.prefersInherit(server)) {
			SharedServerSocket socket = bindSocket(environment, port, host);
			try {
				handOff.apply(socket);
				String how = "one listening socket of the master, inherited by every worker (" + server.displayName()
						+ ")";
				return new MasterPort(socket, PortSharing.INHERIT, "shared port " + ((host != null) ? host : "*") + ":"
						+ socket.port() + " (" + how + ")", new PortShared(describe(host, socket.port()), how, null));
			}
			catch (IllegalStateException ex) {
				closeQuietly(socket);
				fallback = ex.getMessage();
			}
		}
		if (!server.canReusePort()) {
			logger.error("Workers cannot share " + where + ": " + fallback + ". " + server.displayName()
					+ " has no SO_REUSEPORT option, so each worker binds " + where
					+ " itself and all but the first fail. On macOS, start the master with --add-exports "
					+ "java.base/sun.nio.ch=ALL-UNNAMED (or Add-Exports: java.base/sun.nio.ch in the jar's "
					+ "manifest), or use Jetty or Reactor Netty");
			return new MasterPort(null, null, "no shared port (" + server.displayName() + " cannot share " + where
					+ " here; see the error above)", null);
		}
		if (fallback != null) {
			logger.warn("Workers cannot inherit the master's socket on " + where + " (" + fallback
					+ "); falling back to SO_REUSEPORT");
		}
		if (port == 0) {
			logger.warn("server.port=0 with SO_REUSEPORT: every worker binds a free port of its own; "
					+ "set a port to share it");
		}
		String migrateWarning = TcpMigrateCheck.warning(migrateSysctl);
		if (migrateWarning != null) {
			logger.warn(migrateWarning);
		}
		String how = "SO_REUSEPORT, each worker binding its own socket (" + server.displayName() + ")";
		return new MasterPort(null, PortSharing.REUSE_PORT, "shared port " + ((host != null) ? host : "*") + ":"
				+ port + " (" + how + ")", new PortShared(describe(host, port), how, null));
	}

	/**
	 * A management server on a port of its own would be bound by every worker, and all but
	 * the first would fail to start: the workers share {@code server.port} only.
	 */
	private static void checkManagementPort(Environment environment, int port) {
		Integer managementPort = environment.getProperty(MANAGEMENT_PORT, Integer.class);
		if (managementPort != null && managementPort > 0 && managementPort != port) {
			throw new InvalidConfigurationPropertyValueException(MANAGEMENT_PORT, managementPort,
					"The workers share server.port only: each would bind " + MANAGEMENT_PORT + " " + managementPort
							+ " itself and all but the first would fail to start. Leave " + MANAGEMENT_PORT
							+ " unset to serve the management endpoints (/actuator/cluster among them) on the shared "
							+ "server.port, or set it to -1 to serve them over HTTP nowhere.");
		}
	}

	private static SharedServerSocket bindSocket(Environment environment, int port, @Nullable String host) {
		int backlog = environment.getProperty("server.tomcat.accept-count", Integer.class, 100);
		try {
			InetSocketAddress address = (host != null) ? new InetSocketAddress(InetAddress.getByName(host), port)
					: new InetSocketAddress(port);
			return SharedServerSocket.bind(address, backlog);
		}
		catch (IOException ex) {
			throw new SharedPortException(port, host, ex);
		}
	}

	private static String describe(@Nullable String host, int port) {
		return ((host != null) ? host : "") + ":" + port;
	}

	private static void closeQuietly(SharedServerSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the unused shared socket failed: " + ex.getMessage());
		}
	}

	/**
	 * How many connections wait in the shared socket's accept queue.
	 * @return the number, or -1 when it is not known (no shared socket, not Linux)
	 */
	public int acceptQueue() {
		return (this.socket != null) ? this.socket.acceptQueue() : -1;
	}

	/**
	 * The shared socket as a worker's stdin.
	 * @return the redirect, or {@code null} when the workers inherit no socket
	 */
	public @Nullable Redirect stdinRedirect() {
		return (this.socket != null) ? this.socket.stdinRedirect() : null;
	}

	/**
	 * How the workers share the port, as the event the master reports once the port is
	 * decided ("Workers share 127.0.0.1:8080 via …").
	 * @return the event, or {@code null} when the workers share no port
	 */
	public @Nullable PortShared shared() {
		return this.shared;
	}

	/**
	 * The mechanism in use.
	 * @return {@link PortSharing#INHERIT}, {@link PortSharing#REUSE_PORT}, or {@code null}
	 * when the workers share no port
	 */
	@Nullable PortSharing sharing() {
		return this.sharing;
	}

	@Override
	public String toString() {
		return this.description;
	}

	@Override
	public void close() throws IOException {
		if (this.socket != null) {
			this.socket.close();
		}
	}

}
