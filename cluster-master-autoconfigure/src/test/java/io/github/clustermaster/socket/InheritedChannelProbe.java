package io.github.clustermaster.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Child JVM for {@link SharedServerSocketTests}: answers a number of connections on the
 * channel inherited as stdin with its own pid, then exits.
 *
 * @author cluster-master
 */
public final class InheritedChannelProbe {

	private InheritedChannelProbe() {
	}

	public static void main(String[] args) throws IOException {
		int connections = Integer.parseInt(args[0]);
		Channel inherited = System.inheritedChannel();
		long pid = ProcessHandle.current().pid();
		System.out.println("Probe " + pid + " inherited " + inherited);
		if (!(inherited instanceof ServerSocketChannel server)) {
			System.exit(2);
			return;
		}
		byte[] answer = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < connections; i++) {
			try (SocketChannel client = server.accept()) {
				client.write(ByteBuffer.wrap(answer));
			}
		}
	}

}
