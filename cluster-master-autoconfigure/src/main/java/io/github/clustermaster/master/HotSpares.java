package io.github.clustermaster.master;

import io.github.clustermaster.master.port.PortSharing;
import io.github.clustermaster.master.port.WorkerServer;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks at the master's start that the workers' web server can hold a hot spare back
 * ({@code cluster.master.spares}). A spare boots and becomes ready but must not accept
 * from the shared socket until it is promoted, which two servers can do on the master's
 * inherited socket: Tomcat serving a servlet application (its connector starts with no
 * connection allowed, see {@code TomcatSpareHold}) and Reactor Netty on epoll serving a
 * WebFlux application (its server channel starts with {@code AUTO_READ} off, see
 * {@code NettyAcceptHold}). On Jetty, Tomcat under WebFlux, Reactor Netty binding its own
 * port with {@code SO_REUSEPORT} (its own queue would collect clients while it waits) or
 * with no web server, no server registers a hold and every spare would fail its start
 * ({@code SpareGate.check()}): the master fails its own start instead, naming the
 * property.
 *
 * @author cluster-master
 */
final class HotSpares {

	/** The property. */
	static final String PROPERTY = "cluster.master.spares";

	private HotSpares() {
	}

	/**
	 * Fail if spares are asked for and the workers' server cannot hold one back.
	 * @param spares {@code cluster.master.spares}
	 * @param webApplicationType the workers' web application type ({@code SERVLET},
	 * {@code REACTIVE} or {@code NONE})
	 * @param server the workers' server
	 * @param portSharing {@code cluster.master.port-sharing}
	 * @throws InvalidConfigurationPropertyValueException if it cannot
	 */
	static void check(int spares, String webApplicationType, WorkerServer server, PortSharing portSharing) {
		if (spares <= 0 || server.canHoldBack(webApplicationType, portSharing)) {
			return;
		}
		throw new InvalidConfigurationPropertyValueException(PROPERTY, spares,
				"Hot spares need Tomcat serving a servlet application, or Reactor Netty on epoll serving a WebFlux "
						+ "application, on the master's inherited socket (a spare's server starts without "
						+ "accepting until it is promoted); the workers " + server.describeWorkers(webApplicationType)
						+ ", which cannot hold a spare back from the shared socket. Set " + PROPERTY
						+ "=0 (or leave it unset)");
	}

}
