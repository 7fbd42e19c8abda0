package io.github.clustermaster.master.port;

import java.lang.ProcessBuilder.Redirect;
import java.util.function.Function;

import io.github.clustermaster.socket.SharedServerSocket;

/**
 * Hand-offs of the shared socket for tests: the real one, and one of a platform that
 * cannot make a socket a child's stdin.
 */
final class MasterPortSupport {

	private MasterPortSupport() {
	}

	static Function<SharedServerSocket, Redirect> handOff() {
		return SharedServerSocket::stdinRedirect;
	}

	static Function<SharedServerSocket, Redirect> cannotHandOff() {
		return (socket) -> {
			throw new IllegalStateException("Cannot find the file descriptor (test)");
		};
	}

}
