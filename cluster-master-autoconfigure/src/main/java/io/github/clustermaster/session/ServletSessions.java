package io.github.clustermaster.session;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a servlet container (Tomcat's manager, Jetty's session handlers) needs to share its
 * sessions through the pool.
 *
 * @param store the pool's store
 * @param codec how attributes are serialized
 * @param timeout how long a new session may stay unused, or {@code null} for the
 * container's ({@code server.servlet.session.timeout}, which the container applies itself)
 * @author cluster-master
 */
public record ServletSessions(SessionStoreClient store, SessionAttributes codec, @Nullable Duration timeout) {

	/**
	 * The timeout of a new session as a servlet container takes it.
	 * @return the seconds, {@code -1} for none, or {@code null} for the container's own
	 */
	public @Nullable Integer timeoutSeconds() {
		Duration timeout = this.timeout;
		if (timeout == null) {
			return null;
		}
		return timeout.isNegative() ? -1 : (int) Math.min(Integer.MAX_VALUE, timeout.toSeconds());
	}

}
