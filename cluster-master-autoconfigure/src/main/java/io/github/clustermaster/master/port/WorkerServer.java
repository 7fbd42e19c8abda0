package io.github.clustermaster.master.port;

import java.util.Locale;

import org.springframework.util.ClassUtils;

/**
 * The embedded web server the workers will run, guessed in the master from the workers'
 * web application type and the class path, in the order Spring Boot picks one.
 *
 * @author cluster-master
 */
public enum WorkerServer {

	/** Tomcat: serves an inherited socket, has no SO_REUSEPORT option. */
	TOMCAT("Tomcat", true, false),

	/** Jetty: serves an inherited socket or binds with SO_REUSEPORT. */
	JETTY("Jetty", true, true),

	/** Reactor Netty on epoll: serves an inherited socket or binds with SO_REUSEPORT. */
	REACTOR_NETTY("Reactor Netty", true, true),

	/**
	 * Reactor Netty on another transport (NIO, kqueue): binds with SO_REUSEPORT; only
	 * epoll can take a socket by its file descriptor.
	 */
	REACTOR_NETTY_WITHOUT_EPOLL("Reactor Netty without epoll", false, true),

	/** No web server, or none this project knows. */
	NONE("no web server", false, false);

	static final String TOMCAT_CLASS = "org.apache.catalina.startup.Tomcat";

	static final String JETTY_CLASS = "org.eclipse.jetty.server.Server";

	static final String REACTOR_NETTY_CLASS = "reactor.netty.http.server.HttpServer";

	static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	private final String displayName;

	private final boolean canInherit;

	private final boolean canReusePort;

	WorkerServer(String displayName, boolean canInherit, boolean canReusePort) {
		this.displayName = displayName;
		this.canInherit = canInherit;
		this.canReusePort = canReusePort;
	}

	String displayName() {
		return this.displayName;
	}

	boolean canInherit() {
		return this.canInherit;
	}

	boolean canReusePort() {
		return this.canReusePort;
	}

	/**
	 * Whether workers on this server can hold back from the master's inherited socket (a
	 * hot spare until it is promoted, a worker while it warms up): Tomcat serving a servlet
	 * application, and Reactor Netty on epoll serving a WebFlux application on the
	 * inherited socket. Jetty has no hold, and Reactor Netty binding with
	 * {@code SO_REUSEPORT} has a queue of its own that would fill while it waits.
	 * @param webApplicationType the workers' web application type
	 * @param portSharing {@code cluster.master.port-sharing}
	 * @return whether they can
	 */
	public boolean canHoldBack(String webApplicationType, PortSharing portSharing) {
		boolean tomcat = "SERVLET".equals(webApplicationType) && this == TOMCAT;
		boolean netty = "REACTIVE".equals(webApplicationType) && this == REACTOR_NETTY
				&& portSharing.prefersInherit(this);
		return tomcat || netty;
	}

	/**
	 * What the workers run, for a message that ends "the workers ...".
	 * @param webApplicationType the workers' web application type
	 * @return e.g. {@code run no web server}, {@code run Jetty (servlet)}
	 */
	public String describeWorkers(String webApplicationType) {
		return (this == NONE || "NONE".equals(webApplicationType)) ? "run no web server"
				: "run " + this.displayName + " (" + webApplicationType.toLowerCase(Locale.ROOT) + ")"
						+ ((this == REACTOR_NETTY) ? " binding with SO_REUSEPORT" : "");
	}

	/**
	 * Guess the workers' server.
	 * @param webApplicationType the workers' web application type ({@code SERVLET},
	 * {@code REACTIVE} or {@code NONE})
	 * @param classLoader the class loader the workers will have
	 * @return the server
	 */
	public static WorkerServer detect(String webApplicationType, ClassLoader classLoader) {
		if ("SERVLET".equals(webApplicationType)) {
			return first(classLoader, TOMCAT, JETTY);
		}
		if ("REACTIVE".equals(webApplicationType)) {
			WorkerServer server = first(classLoader, REACTOR_NETTY, TOMCAT, JETTY);
			return (server != REACTOR_NETTY || epoll(classLoader)) ? server : REACTOR_NETTY_WITHOUT_EPOLL;
		}
		return NONE;
	}

	/**
	 * Whether Reactor Netty will run on epoll, as it does by default where Netty's native
	 * epoll transport loads (Linux) unless {@code reactor.netty.native=false}.
	 */
	static boolean epoll(ClassLoader classLoader) {
		if (!Boolean.parseBoolean(System.getProperty("reactor.netty.native", "true"))) {
			return false;
		}
		try {
			Class<?> epoll = ClassUtils.forName(EPOLL_CLASS, classLoader);
			return Boolean.TRUE.equals(epoll.getMethod("isAvailable").invoke(null));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return false;
		}
	}

	private static WorkerServer first(ClassLoader classLoader, WorkerServer... candidates) {
		for (WorkerServer candidate : candidates) {
			if (ClassUtils.isPresent(candidate.marker(), classLoader)) {
				return candidate;
			}
		}
		return NONE;
	}

	private String marker() {
		return switch (this) {
			case TOMCAT -> TOMCAT_CLASS;
			case JETTY -> JETTY_CLASS;
			case REACTOR_NETTY, REACTOR_NETTY_WITHOUT_EPOLL -> REACTOR_NETTY_CLASS;
			case NONE -> "";
		};
	}

}
