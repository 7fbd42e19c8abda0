package io.github.clustermaster.master;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.github.clustermaster.socket.SharedServerSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The application's port, bound once by the master and inherited by every worker, when
 * the workers run a server that can take it (Tomcat); otherwise nothing.
 *
 * @author cluster-master
 */
final class MasterPort implements Closeable {

	static final String TOMCAT = "org.apache.catalina.startup.Tomcat";

	private final @Nullable SharedServerSocket socket;

	private final String description;

	private MasterPort(@Nullable SharedServerSocket socket, String description) {
		this.socket = socket;
		this.description = description;
	}

	static MasterPort bind(Environment environment, String workerWebApplicationType) {
		int port = environment.getProperty("server.port", Integer.class, 8080);
		if (!"SERVLET".equals(workerWebApplicationType) || port < 0) {
			return new MasterPort(null, "no shared port (the workers run no web server)");
		}
		if (!ClassUtils.isPresent(TOMCAT, MasterPort.class.getClassLoader())) {
			return new MasterPort(null, "no shared port (only Tomcat is supported yet; workers bind server.port)");
		}
		String host = environment.getProperty("server.address");
		int backlog = environment.getProperty("server.tomcat.accept-count", Integer.class, 100);
		try {
			InetSocketAddress address = (host != null) ? new InetSocketAddress(InetAddress.getByName(host), port)
					: new InetSocketAddress(port);
			SharedServerSocket socket = SharedServerSocket.bind(address, backlog);
			socket.stdinRedirect();
			return new MasterPort(socket, "shared port " + ((host != null) ? host : "*") + ":" + socket.port()
					+ " (one listening socket inherited by every worker)");
		}
		catch (IOException ex) {
			throw new SharedPortException(port, host, ex);
		}
	}

	@Nullable Redirect stdinRedirect() {
		return (this.socket != null) ? this.socket.stdinRedirect() : null;
	}

	@Override
	public String toString() {
		return this.description;
	}

	@Override
	public void close() throws IOException {
		if (this.socket != null) {
			this.socket.close();
		}
	}

}
