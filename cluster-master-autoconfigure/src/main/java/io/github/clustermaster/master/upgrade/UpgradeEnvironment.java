package io.github.clustermaster.master.upgrade;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.clustermaster.pool.PoolSecret;
import org.jspecify.annotations.Nullable;

/**
 * The environment variables through which a master started by an upgrade learns that it
 * replaces another: that one's pid and the socket on which the two agree on the hand-over.
 * They are the new master's alone: its workers never inherit them.
 *
 * @author cluster-master
 */
public final class UpgradeEnvironment {

	/** The pid of the master being replaced. */
	static final String FROM = "CLUSTER_MASTER_UPGRADE_FROM";

	/** The UNIX socket of the hand-over, in the replaced master's private directory. */
	static final String SOCKET = "CLUSTER_MASTER_UPGRADE_SOCKET";

	/**
	 * Every variable a worker must not inherit; a worker gets the pool's secret over the
	 * IPC channel instead ({@link PoolSecret#ENVIRONMENT}).
	 */
	public static final List<String> MASTER_ONLY = List.of(FROM, SOCKET, PoolSecret.ENVIRONMENT);

	private UpgradeEnvironment() {
	}

	/**
	 * The master this one replaces, if an upgrade started it.
	 * @param environment the process's environment
	 * @return the old master's pid and the hand-over socket, or {@code null}
	 */
	public static @Nullable Predecessor predecessor(Map<String, String> environment) {
		String from = environment.get(FROM);
		String socket = environment.get(SOCKET);
		if (from == null || socket == null || socket.isBlank()) {
			return null;
		}
		try {
			return new Predecessor(Long.parseLong(from.trim()), Path.of(socket));
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(FROM + "=" + from + " is not a pid; this master was not started by an "
					+ "upgrade as it should have been, or its environment was changed", ex);
		}
	}

	/**
	 * The master an upgrade replaces.
	 *
	 * @param pid its pid
	 * @param socket the hand-over socket it listens on
	 */
	public record Predecessor(long pid, Path socket) {

	}

}
