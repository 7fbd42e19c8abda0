package io.github.clustermaster.worker.sharing;

import java.util.regex.Pattern;

import io.github.clustermaster.testsupport.ClusterProcess;

/**
 * Real master JVMs of the port-sharing test applications: {@code java -cp <test class path
 * without the other servers> <main>}, started as from a shell, so the whole master and
 * worker path runs on one embedded server.
 *
 * @author cluster-master
 */
public final class SharingMasters {

	/** Printed by the test apps' {@code /slow} when a slow request starts, followed by the pid. */
	static final String SLOW_STARTED = "SHARING-SLOW-STARTED pid=";

	private static final String TOMCAT = "/org/apache/tomcat/|/spring-boot-(starter-)?tomcat";

	private static final String JETTY = "/org/eclipse/jetty/|/spring-boot-(starter-)?jetty";

	private static final String REACTOR_NETTY = "/io/projectreactor/netty/|/spring-boot-(starter-)?reactor-netty"
			+ "|/spring-boot-(starter-)?webflux";

	private static final String WEBMVC = "/spring-(boot-)?webmvc|/spring-boot-starter-webmvc";

	/** Class path entries to leave out for a master that has only Tomcat. */
	public static final Pattern ONLY_TOMCAT = Pattern.compile(JETTY + "|" + REACTOR_NETTY);

	/** Class path entries to leave out for a master that has only Jetty. */
	public static final Pattern ONLY_JETTY = Pattern.compile(TOMCAT + "|" + REACTOR_NETTY);

	/** Class path entries to leave out for a master that has only Reactor Netty. */
	public static final Pattern ONLY_REACTOR_NETTY = Pattern.compile(TOMCAT + "|" + JETTY + "|" + WEBMVC);

	private SharingMasters() {
	}

	/**
	 * Start describing a master of a test application.
	 * @param application the application's main class
	 * @param excluded class path entries to leave out (the other servers)
	 * @return a builder
	 */
	public static ClusterProcess.Builder master(Class<?> application, Pattern excluded) {
		// With SIGHUP, SIGINT and SIGTERM at their defaults: a worker run in-process by
		// another test leaves this JVM ignoring SIGHUP and SIGINT (see MasterSignals)
		return ClusterProcess.mainClass(application)
			.excludingClassPath(excluded)
			.defaultSignals()
			.withoutEnv("JAVA_TOOL_OPTIONS")
			.jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx192m", "-Xss512k")
			.name(application.getSimpleName());
	}

}
