package io.github.clustermaster.session.jetty;

import java.time.Duration;
import java.util.Collection;

import io.github.clustermaster.session.SessionAttributes;
import io.github.clustermaster.session.SessionStoreClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.AbstractSessionManager;
import org.jspecify.annotations.Nullable;

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

	private final SessionStoreClient store;

	private final SessionAttributes codec;

	private final @Nullable Duration timeout;

	/**
	 * Create a customizer.
	 * @param store the pool's store
	 * @param codec how attributes are serialized
	 * @param timeout how long a new session may stay unused, or {@code null} for the
	 * handler's ({@code server.servlet.session.timeout})
	 */
	public PoolSessionCustomizer(SessionStoreClient store, SessionAttributes codec, @Nullable Duration timeout) {
		this.store = store;
		this.codec = codec;
		this.timeout = timeout;
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
		handler.setSessionCache(new PoolSessionCache(handler, this.store, this.codec));
		if (this.timeout != null) {
			handler.setMaxInactiveInterval(
					this.timeout.isNegative() ? -1 : (int) Math.min(Integer.MAX_VALUE, this.timeout.toSeconds()));
		}
	}

}
