package io.github.clustermaster.master.port;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How the workers share {@code server.port}: property {@code cluster.master.port-sharing}.
 * Each value knows which mechanism it picks for the server the workers run, and explains
 * itself when it has to pick another one.
 *
 * @author cluster-master
 */
public enum PortSharing {

	/**
	 * The master's inherited socket where the server can serve it (Tomcat, Jetty, Reactor
	 * Netty on epoll), else {@code SO_REUSEPORT} (Reactor Netty on another transport).
	 * The default.
	 */
	AUTO {

		@Override
		boolean prefersInherit(WorkerServer server) {
			return server.canInherit();
		}

		@Override
		@Nullable String mismatch(WorkerServer server) {
			return null;
		}

	},

	/**
	 * One listening socket bound by the master and inherited by every worker as its
	 * stdin: one accept queue, so a stopping worker leaves its waiting clients to the
	 * others. Tomcat, Jetty and Reactor Netty on epoll.
	 */
	INHERIT {

		@Override
		boolean prefersInherit(WorkerServer server) {
			return server.canInherit();
		}

		@Override
		@Nullable String mismatch(WorkerServer server) {
			return server.canInherit() ? null
					: server.displayName() + " cannot serve an inherited socket; workers bind with SO_REUSEPORT instead";
		}

	},

	/**
	 * Each worker binds {@code server.port} itself with {@code SO_REUSEPORT} and the
	 * master binds nothing; the kernel spreads connections over the workers' sockets.
	 * Jetty and Reactor Netty. Without {@code net.ipv4.tcp_migrate_req=1} connections
	 * still queued on a closing socket are reset.
	 */
	REUSE_PORT {

		@Override
		boolean prefersInherit(WorkerServer server) {
			return !server.canReusePort();
		}

		@Override
		@Nullable String mismatch(WorkerServer server) {
			return server.canReusePort() ? null
					: server.displayName() + " has no SO_REUSEPORT option; workers serve the master's inherited socket instead";
		}

	};

	/**
	 * Return whether the master should try to bind the port and hand it to the workers.
	 * @param server the server the workers run
	 * @return whether to try inheriting first
	 */
	abstract boolean prefersInherit(WorkerServer server);

	/**
	 * Explain why this choice cannot be honoured for the server, if it cannot.
	 * @param server the server the workers run
	 * @return the explanation, or {@code null} when the choice fits the server
	 */
	abstract @Nullable String mismatch(WorkerServer server);

	/**
	 * The value as written in configuration, e.g. {@code reuse-port}.
	 * @return the property value
	 */
	String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
