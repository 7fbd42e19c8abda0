package io.github.clustermaster.master;

import java.util.Locale;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks at the master's start that the workers' web server can hold a hot spare back
 * ({@code cluster.master.spares}). A spare boots and becomes ready but must not accept
 * from the shared socket until it is promoted; only Tomcat serving a servlet application
 * on the master's inherited socket can wait so (its connector starts with no connection
 * allowed, see {@code TomcatSpareHold}). On Jetty, Reactor Netty, Tomcat under WebFlux or
 * with no web server, a spare would serve at once, and each would fail its start: the
 * master fails its own start instead, naming the property.
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
	 * @throws InvalidConfigurationPropertyValueException if it cannot
	 */
	static void check(int spares, String webApplicationType, WorkerServer server) {
		if (spares <= 0 || ("SERVLET".equals(webApplicationType) && server == WorkerServer.TOMCAT)) {
			return;
		}
		String workers = (server == WorkerServer.NONE || "NONE".equals(webApplicationType)) ? "run no web server"
				: "run " + server.displayName() + " (" + webApplicationType.toLowerCase(Locale.ROOT) + ")";
		throw new InvalidConfigurationPropertyValueException(PROPERTY, spares,
				"Hot spares need Tomcat serving a servlet application (a spare's Tomcat starts without accepting "
						+ "until it is promoted); the workers " + workers + ", whose spares would take connections "
						+ "before they are promoted. Set " + PROPERTY + "=0 (or leave it unset)");
	}

}
