package io.github.clustermaster.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import io.github.clustermaster.control.ClusterDescriptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The master's status, asked at most once per {@link #MAX_AGE}, so that a scrape of many
 * meters costs one round trip to the master.
 *
 * @author cluster-master
 */
final class CachedClusterStatus {

	private static final Log logger = LogFactory.getLog(CachedClusterStatus.class);

	/** How long an answer is reused. */
	static final Duration MAX_AGE = Duration.ofSeconds(1);

	private final ClusterClient client;

	private final InstantSource clock;

	private @Nullable ClusterDescriptor last;

	private @Nullable Instant askedAt;

	CachedClusterStatus(ClusterClient client, InstantSource clock) {
		this.client = client;
		this.clock = clock;
	}

	/**
	 * The status, at most {@link #MAX_AGE} old.
	 * @return the status, or {@code null} if the master did not answer
	 */
	synchronized @Nullable ClusterDescriptor get() {
		Instant now = this.clock.instant();
		if (this.askedAt == null || !now.isBefore(this.askedAt.plus(MAX_AGE))) {
			this.askedAt = now;
			try {
				this.last = this.client.status();
			}
			catch (RuntimeException ex) {
				logger.debug("No cluster status for the metrics: " + ex.getMessage());
				this.last = null;
			}
		}
		return this.last;
	}

}
