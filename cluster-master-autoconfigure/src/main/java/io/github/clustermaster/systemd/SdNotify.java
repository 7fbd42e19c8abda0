package io.github.clustermaster.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends notifications to the service manager, as {@code sd_notify(3)} does: one datagram
 * of newline-separated {@code KEY=value} assignments to the {@code AF_UNIX} socket named by
 * {@code NOTIFY_SOCKET} (a leading {@code @} names the abstract namespace). The JDK's UNIX
 * channels are stream-only, so junixsocket's datagram channel carries them. Sending never
 * blocks: a notification the socket cannot take at once is dropped and logged.
 *
 * @author cluster-master
 */
public final class SdNotify implements NotificationSender {

	private static final Log logger = LogFactory.getLog(SdNotify.class);

	private final AFUNIXDatagramChannel channel;

	private final AFUNIXSocketAddress address;

	private final String socket;

	private boolean failing;

	private SdNotify(AFUNIXDatagramChannel channel, AFUNIXSocketAddress address, String socket) {
		this.channel = channel;
		this.address = address;
		this.socket = socket;
	}

	/**
	 * A sender to the socket the environment names.
	 * @param environment the process's environment
	 * @return the sender, or {@code null} when {@code NOTIFY_SOCKET} is not set
	 * @throws IOException if the socket cannot be opened or its name is not usable
	 */
	public static @Nullable SdNotify fromEnvironment(Map<String, String> environment) throws IOException {
		String socket = environment.get(SystemdEnvironment.NOTIFY_SOCKET);
		if (socket == null || socket.isBlank()) {
			return null;
		}
		AFUNIXSocketAddress address = socket.startsWith("@")
				? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1)) : AFUNIXSocketAddress.of(Path.of(socket));
		AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
		channel.configureBlocking(false);
		return new SdNotify(channel, address, socket);
	}

	@Override
	public void send(String state) {
		try {
			int sent = this.channel.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), this.address);
			if (sent == 0) {
				logger.warn("The service manager's socket " + this.socket + " is full; dropped: " + oneLine(state));
			}
			else if (this.failing) {
				this.failing = false;
				logger.info("Notifications reach " + this.socket + " again");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("sd_notify: " + oneLine(state));
			}
		}
		catch (IOException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Cannot notify the service manager on " + this.socket + ": " + ex.getMessage());
			}
		}
	}

	private static String oneLine(String state) {
		return state.replace('\n', ' ');
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
