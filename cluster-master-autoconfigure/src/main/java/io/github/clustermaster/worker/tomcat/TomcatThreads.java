package io.github.clustermaster.worker.tomcat;

import java.util.concurrent.Executor;

import io.github.clustermaster.worker.ServerThreads.Usage;
import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The request threads of the Tomcat connector the workers share: its executor's active
 * and maximum threads ({@code server.tomcat.threads.max}); none with virtual threads. The
 * worker reads them as its {@link io.github.clustermaster.worker.ServerThreads}.
 *
 * @author cluster-master
 */
public final class TomcatThreads {

	private TomcatThreads() {
	}

	/**
	 * The request threads of the given context's Tomcat web server.
	 * @param context the context
	 * @return their use, or {@code null} when the context has no such server
	 */
	public static @Nullable Usage usage(ApplicationContext context) {
		if (!(context instanceof WebServerApplicationContext webContext
				&& webContext.getWebServer() instanceof TomcatWebServer webServer)) {
			return null;
		}
		Connector[] connectors = webServer.getTomcat().getService().findConnectors();
		if (connectors.length == 0) {
			return null;
		}
		Executor executor = connectors[0].getProtocolHandler().getExecutor();
		if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
			return new Usage(pool.getActiveCount(), pool.getMaximumPoolSize());
		}
		if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
			return new Usage(pool.getActiveCount(), pool.getMaximumPoolSize());
		}
		return null;
	}

}
