package io.github.clustermaster.systemd;

import java.util.List;

/**
 * The environment variables through which systemd talks to the process it started. They are
 * the master's alone: a worker that inherited them could send notifications in the
 * master's name or believe it owns the passed socket, so the master never passes them on.
 *
 * @author cluster-master
 */
public final class SystemdEnvironment {

	/** The pid the passed sockets are meant for. */
	public static final String LISTEN_PID = "LISTEN_PID";

	/** How many sockets were passed, from descriptor 3 on. */
	public static final String LISTEN_FDS = "LISTEN_FDS";

	/** The names of the passed sockets ({@code FileDescriptorName=}). */
	public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";

	/** The datagram socket notifications go to. */
	public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

	/** The watchdog interval, in microseconds. */
	public static final String WATCHDOG_USEC = "WATCHDOG_USEC";

	/** The pid the watchdog is meant for. */
	public static final String WATCHDOG_PID = "WATCHDOG_PID";

	/** Every variable of systemd's that a worker must not inherit. */
	public static final List<String> MASTER_ONLY = List.of(LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES, NOTIFY_SOCKET,
			WATCHDOG_USEC, WATCHDOG_PID);

	private SystemdEnvironment() {
	}

}
