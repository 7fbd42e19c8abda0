package io.github.clustermaster.master;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Where the REPL listens: off, a UNIX socket path, or a TCP address. Read from
 * {@code cluster.master.repl} (which the environment variable {@code CLUSTER_MASTER_REPL}
 * also sets), else {@value #DEFAULT_SOCKET} in the working directory.
 * <p>
 * The master's properties validate {@code cluster.master.repl} with {@link #parse}, so a
 * bad value fails start-up naming the property.
 *
 * @param path the UNIX socket path, or {@code null}
 * @param tcp the TCP address, unresolved, or {@code null}
 * @author cluster-master
 */
public record ReplAddress(@Nullable Path path, @Nullable InetSocketAddress tcp) {

	/** The property that says where the REPL listens. */
	public static final String PROPERTY = "cluster.master.repl";

	/** The socket the REPL listens on when nothing says otherwise, as in the seed. */
	public static final String DEFAULT_SOCKET = "cluster-master-socket";

	/** The REPL is off. */
	public static final ReplAddress OFF = new ReplAddress(null, null);

	/**
	 * The address the environment asks for, for a condition that runs before
	 * {@link ClusterMasterProperties} are bound.
	 * @param environment the master's environment
	 * @return the address
	 */
	public static ReplAddress of(Environment environment) {
		return parse(environment.getProperty(PROPERTY, DEFAULT_SOCKET));
	}

	/**
	 * The address the properties ask for.
	 * @param properties the master's properties
	 * @return the address
	 */
	public static ReplAddress of(ClusterMasterProperties properties) {
		return parse((properties.getRepl() != null) ? properties.getRepl() : DEFAULT_SOCKET);
	}

	/**
	 * Parse a {@code cluster.master.repl} value: {@code false}, {@code off} or empty; a
	 * port (bound to 127.0.0.1); {@code address:port}; or else a socket path.
	 * @param value the value
	 * @return the address
	 * @throws IllegalArgumentException if a port is out of range or an address is blank
	 */
	public static ReplAddress parse(@Nullable String value) {
		String trimmed = (value != null) ? value.trim() : "";
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (trimmed.isEmpty() || lower.equals("false") || lower.equals("off") || lower.equals("none")) {
			return OFF;
		}
		if (isDigits(trimmed)) {
			return new ReplAddress(null, InetSocketAddress.createUnresolved("127.0.0.1", port(trimmed)));
		}
		int colon = trimmed.lastIndexOf(':');
		if (colon >= 0 && trimmed.indexOf('/') < 0 && isDigits(trimmed.substring(colon + 1))) {
			String host = trimmed.substring(0, colon);
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			if (host.isBlank() || colon == trimmed.length() - 1) {
				throw new IllegalArgumentException("expected address:port, got '" + trimmed + "'");
			}
			return new ReplAddress(null, InetSocketAddress.createUnresolved(host, port(trimmed.substring(colon + 1))));
		}
		return new ReplAddress(Path.of(trimmed), null);
	}

	private static boolean isDigits(String text) {
		return text.chars().allMatch(Character::isDigit);
	}

	private static int port(String digits) {
		int port = (!digits.isEmpty() && digits.length() <= 5) ? Integer.parseInt(digits) : -1;
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, got " + digits);
		}
		return port;
	}

	/**
	 * Whether the REPL is off.
	 * @return whether it is off
	 */
	public boolean isOff() {
		return this.path == null && this.tcp == null;
	}

	@Override
	public String toString() {
		if (this.path != null) {
			return "unix:" + this.path;
		}
		return (this.tcp != null) ? "tcp:" + this.tcp.getHostString() + ":" + this.tcp.getPort() : "off";
	}

}
