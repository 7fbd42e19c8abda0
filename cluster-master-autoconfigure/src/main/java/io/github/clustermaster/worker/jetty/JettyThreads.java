package io.github.clustermaster.worker.jetty;

import io.github.clustermaster.worker.ServerThreads.Usage;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The threads of the Jetty server the workers share: its {@link QueuedThreadPool}'s busy
 * threads (its acceptors and selectors among them) and its maximum
 * ({@code server.jetty.threads.max}); none with virtual threads. The worker reads them
 * as its {@link io.github.clustermaster.worker.ServerThreads}.
 *
 * @author cluster-master
 */
public final class JettyThreads {

	private JettyThreads() {
	}

	/**
	 * The threads of the given context's Jetty web server.
	 * @param context the context
	 * @return their use, or {@code null} when the context has no such server
	 */
	public static @Nullable Usage usage(ApplicationContext context) {
		if (context instanceof WebServerApplicationContext webContext
				&& webContext.getWebServer() instanceof JettyWebServer webServer
				&& webServer.getServer().getThreadPool() instanceof QueuedThreadPool pool) {
			return new Usage(pool.getBusyThreads(), pool.getMaxThreads());
		}
		return null;
	}

}
