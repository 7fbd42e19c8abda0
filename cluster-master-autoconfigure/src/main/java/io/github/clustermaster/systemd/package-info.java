/**
 * The master as a systemd service: the listening socket passed by socket activation
 * ({@code LISTEN_FDS}), and the service's state told to the service manager over
 * {@code NOTIFY_SOCKET} (sd_notify). Boot-free: the JDK and junixsocket only.
 */
@NullMarked
package io.github.clustermaster.systemd;

import org.jspecify.annotations.NullMarked;
