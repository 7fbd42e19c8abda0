package io.github.clustermaster.session.jetty;

import java.util.Collection;

import io.github.clustermaster.session.ServletSessions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.AbstractSessionManager;

import org.springframework.boot.jetty.JettyServerCustomizer;

/**
 * Gives each session handler of a Jetty server (the servlet context's) the pool's session
 * cache and data store, replacing Boot's (in memory, or on disk with
 * {@code server.servlet.session.persistent}: a pool keeps its sessions in the master).
 * Jetty keeps its own cookie, listeners and timeout ({@code server.servlet.session.timeout},
 * which Boot sets on the handler; {@code spring.session.timeout} when given here).
 *
 * @author cluster-master
 */
public final class PoolSessionCustomizer implements JettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(PoolSessionCustomizer.class);

	private final ServletSessions sessions;

	/**
	 * Create a customizer.
	 * @param sessions the pool's store, the codec and the timeout of a new session
	 */
	public PoolSessionCustomizer(ServletSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public void customize(Server server) {
		Collection<AbstractSessionManager> handlers = server.getContainedBeans(AbstractSessionManager.class);
		if (handlers.isEmpty()) {
			logger.warn("Found no Jetty session handler to share the sessions of: each worker keeps its own");
		}
		handlers.forEach(this::customize);
	}

	/**
	 * Give one session handler the pool's sessions.
	 * @param handler the handler, not started yet
	 */
	public void customize(AbstractSessionManager handler) {
		handler.setSessionCache(new PoolSessionCache(handler, this.sessions.store(), this.sessions.codec()));
		Integer timeout = this.sessions.timeoutSeconds();
		if (timeout != null) {
			handler.setMaxInactiveInterval(timeout);
		}
	}

}
