package io.github.clustermaster.master.port;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the master cannot bind the port its workers are to share.
 *
 * @author cluster-master
 */
public class SharedPortException extends RuntimeException {

	private final int port;

	private final @Nullable String address;

	SharedPortException(int port, @Nullable String address, Throwable cause) {
		super("The master could not bind server.port " + port
				+ ((address != null) ? " on server.address " + address : "") + ": " + cause.getMessage(), cause);
		this.port = port;
		this.address = address;
	}

	/**
	 * The port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * The address, if one was configured.
	 * @return the address or {@code null}
	 */
	public @Nullable String getAddress() {
		return this.address;
	}

}
