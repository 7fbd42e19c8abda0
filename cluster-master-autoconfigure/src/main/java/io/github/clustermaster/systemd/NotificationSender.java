package io.github.clustermaster.systemd;

import java.io.Closeable;

/**
 * Where {@link SystemdNotifier} sends its notifications: {@link SdNotify} for the real
 * service manager.
 *
 * @author cluster-master
 */
public interface NotificationSender extends Closeable {

	/**
	 * Send one notification, never blocking, never throwing.
	 * @param state newline-separated {@code KEY=value} assignments
	 */
	void send(String state);

}
