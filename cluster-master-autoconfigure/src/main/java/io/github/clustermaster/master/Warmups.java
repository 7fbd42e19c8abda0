package io.github.clustermaster.master;

import java.time.Duration;

import io.github.clustermaster.master.port.PortSharing;
import io.github.clustermaster.master.port.WorkerServer;
import io.github.clustermaster.warmup.ClusterWarmupProperties;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks at the master's start that the workers can warm up before traffic
 * ({@code cluster.master.warmup.paths}): a worker serves its warm-up on a private loopback
 * port while its server waits without accepting from the master's inherited socket,
 * which Tomcat serving a servlet application ({@code TomcatWarmupConnector}) and Reactor
 * Netty on epoll serving a WebFlux application ({@code NettyAcceptHold}) do. On Jetty,
 * Tomcat under WebFlux, Reactor Netty binding its own port with {@code SO_REUSEPORT}
 * (whose queue would fill while it warms up) or with no web server every worker would
 * fail its start: the master fails its own instead, naming the property. The warm-up's
 * time limit must also leave the worker time to say ready within its boot timeout.
 *
 * @author cluster-master
 */
final class Warmups {

	/** The property that turns the warm-up on. */
	static final String PATHS = "cluster.master.warmup.paths";

	/** Whether hot spares warm up when no paths are set. */
	static final String SPARES = "cluster.master.warmup.spares";

	/** The warm-up's time limit. */
	static final String TIMEOUT = "cluster.master.warmup.timeout";

	private Warmups() {
	}

	/**
	 * Fail if a warm-up is asked for and the workers cannot run it.
	 * @param warmup the warm-up's properties
	 * @param spares {@code cluster.master.spares}: spares warm up by default
	 * ({@code cluster.master.warmup.spares}), on the servers that can hold a spare, which
	 * {@code HotSpares} checks
	 * @param bootTimeout {@code cluster.master.boot-timeout}
	 * @param webApplicationType the workers' web application type
	 * @param server the workers' server
	 * @param portSharing how the workers share the port
	 * @throws InvalidConfigurationPropertyValueException if they cannot
	 */
	static void check(ClusterWarmupProperties warmup, int spares, Duration bootTimeout, String webApplicationType,
			WorkerServer server, PortSharing portSharing) {
		boolean paths = !warmup.getPaths().isEmpty();
		if (!paths && (spares <= 0 || !warmup.isSpares())) {
			return;
		}
		if (paths && !server.canHoldBack(webApplicationType, portSharing)) {
			String workers = server.describeWorkers(webApplicationType);
			throw new InvalidConfigurationPropertyValueException(PATHS, String.join(",", warmup.getPaths()),
					"The warm-up before traffic needs Tomcat serving a servlet application, or Reactor Netty on "
							+ "epoll serving a WebFlux application, on the master's inherited socket (a worker "
							+ "serves its warm-up on a private loopback port while its server waits without "
							+ "accepting); the workers " + workers + ", which cannot hold back from the shared "
							+ "socket while they warm up. Remove " + PATHS);
		}
		if (warmup.getTimeout().compareTo(bootTimeout) >= 0) {
			throw new InvalidConfigurationPropertyValueException(TIMEOUT, warmup.getTimeout(),
					"The warm-up runs within a worker's boot timeout (cluster.master.boot-timeout, " + bootTimeout
							+ "): a warm-up that reached its limit would leave no time to say ready. Set " + TIMEOUT
							+ " below cluster.master.boot-timeout"
							+ (paths ? "" : " (hot spares warm up by default; " + SPARES + "=false turns that off)"));
		}
	}

}
