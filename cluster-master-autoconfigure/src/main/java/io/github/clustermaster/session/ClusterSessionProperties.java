package io.github.clustermaster.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the pool's shared HTTP sessions. The timeout and the cookie
 * are the application's own ({@code server.servlet.session.*},
 * {@code spring.session.timeout}, {@code server.reactive.session.*}).
 *
 * @author cluster-master
 */
@ConfigurationProperties("cluster.master.sessions")
public class ClusterSessionProperties implements Validator {

	/** The least {@link #getMaxBytes() max-bytes} accepted. */
	static final DataSize MIN_MAX_BYTES = DataSize.ofKilobytes(64);

	/**
	 * Whether the workers share the application's HTTP sessions (servlet and WebFlux)
	 * through a store the master holds in memory. When false, or when the application
	 * configures a store of its own (Spring Session Redis, JDBC, Hazelcast), each worker
	 * keeps its own sessions.
	 */
	private boolean enabled = true;

	/**
	 * The most memory the master's session store takes: serialized attributes, their
	 * names, session ids and about 200 bytes per session. Beyond it the least recently
	 * used sessions are evicted, with a log line.
	 */
	private DataSize maxBytes = DataSize.ofMegabytes(64);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxBytes() {
		return this.maxBytes;
	}

	public void setMaxBytes(DataSize maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public boolean supports(Class<?> type) {
		return ClusterSessionProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		ClusterSessionProperties properties = (ClusterSessionProperties) target;
		if (properties.getMaxBytes() == null
				|| properties.getMaxBytes().toBytes() < MIN_MAX_BYTES.toBytes()) {
			errors.rejectValue("maxBytes", "range", "must be at least 64KB, e.g. 64MB");
		}
	}

}
