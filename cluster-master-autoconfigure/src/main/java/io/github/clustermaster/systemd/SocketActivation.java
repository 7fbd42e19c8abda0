package io.github.clustermaster.systemd;

import java.util.Map;
import java.util.OptionalInt;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reads the listening socket systemd passed to this process ({@code .socket} units,
 * {@code systemd-socket-activate}): descriptors from 3 on, {@code LISTEN_FDS} of them,
 * meant for the pid in {@code LISTEN_PID}. As {@code sd_listen_fds(3)} does, variables
 * meant for another pid are ignored (a parent's, inherited by accident).
 *
 * @author cluster-master
 */
public final class SocketActivation {

	/** The first passed descriptor ({@code SD_LISTEN_FDS_START}). */
	public static final int FIRST_FD = 3;

	private static final Log logger = LogFactory.getLog(SocketActivation.class);

	private SocketActivation() {
	}

	/**
	 * The descriptor of the listening socket passed to this process, if any.
	 * @param environment the process's environment
	 * @param pid this process's pid
	 * @return the descriptor, or empty when no socket was passed to this process
	 */
	public static OptionalInt listeningFd(Map<String, String> environment, long pid) {
		String fds = environment.get(SystemdEnvironment.LISTEN_FDS);
		String listenPid = environment.get(SystemdEnvironment.LISTEN_PID);
		if (fds == null || listenPid == null) {
			return OptionalInt.empty();
		}
		int count;
		try {
			if (Long.parseLong(listenPid.trim()) != pid) {
				logger.debug(SystemdEnvironment.LISTEN_PID + "=" + listenPid + " is not this process (" + pid
						+ "): the passed sockets are not ours");
				return OptionalInt.empty();
			}
			count = Integer.parseInt(fds.trim());
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring socket activation: " + SystemdEnvironment.LISTEN_FDS + "=" + fds + ", "
					+ SystemdEnvironment.LISTEN_PID + "=" + listenPid + " are not numbers");
			return OptionalInt.empty();
		}
		if (count < 1) {
			return OptionalInt.empty();
		}
		if (count > 1) {
			logger.warn("systemd passed " + count + " sockets (" + environment.getOrDefault(
					SystemdEnvironment.LISTEN_FDNAMES, "unnamed") + "); the workers share the first one only, "
					+ "descriptor " + FIRST_FD);
		}
		return OptionalInt.of(FIRST_FD);
	}

}
