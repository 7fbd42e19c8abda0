package io.github.clustermaster.master.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What the kernel does with connections still queued on a listening socket that closes
 * while other sockets share its port with {@code SO_REUSEPORT}: reset them, unless
 * {@code net.ipv4.tcp_migrate_req} is 1 (Linux 5.14+), which moves them to a sibling.
 *
 * @author cluster-master
 */
final class TcpMigrateCheck {

	static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

	private TcpMigrateCheck() {
	}

	/**
	 * Return a warning for the operator when closing workers' sockets can reset queued
	 * connections, or {@code null} when the kernel migrates them.
	 * @param sysctl the sysctl file to read
	 * @return the warning or {@code null}
	 */
	static @Nullable String warning(Path sysctl) {
		String value;
		try {
			value = Files.readString(sysctl).trim();
		}
		catch (IOException ex) {
			return "Cannot read " + sysctl + " (" + System.getProperty("os.name") + "; the setting needs Linux 5.14+): "
					+ "connections waiting in a stopping worker's accept queue may be reset";
		}
		if ("0".equals(value)) {
			return "net.ipv4.tcp_migrate_req is 0: connections waiting in a stopping worker's accept queue are reset "
					+ "instead of moved to another worker. Set it to 1 (sysctl -w net.ipv4.tcp_migrate_req=1, or "
					+ "securityContext.sysctls in a Kubernetes pod) or use cluster.master.port-sharing=inherit "
					+ "where the server allows it";
		}
		return null;
	}

}
