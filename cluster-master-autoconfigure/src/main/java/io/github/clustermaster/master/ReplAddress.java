package io.github.clustermaster.master;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where the master's REPL listens, parsed from {@code cluster.master.repl} in the seed's
 * forms: off ({@code false} or empty), a UNIX socket path, a TCP port (bound to loopback),
 * or {@code address:port}.
 *
 * @param path the UNIX socket path, or {@code null}
 * @param tcp the TCP address, or {@code null}
 * @author cluster-master
 */
public record ReplAddress(@Nullable Path path, @Nullable InetSocketAddress tcp) {

	/** The REPL is off. */
	public static final ReplAddress OFF = new ReplAddress(null, null);

	/**
	 * Parse a {@code cluster.master.repl} value.
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
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return new ReplAddress(null, new InetSocketAddress("127.0.0.1", port(trimmed)));
		}
		int colon = trimmed.lastIndexOf(':');
		if (colon >= 0 && trimmed.indexOf('/') < 0 && trimmed.substring(colon + 1).chars().allMatch(Character::isDigit)) {
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

	private static int port(String digits) {
		int port = (digits.length() <= 5) ? Integer.parseInt(digits) : -1;
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
