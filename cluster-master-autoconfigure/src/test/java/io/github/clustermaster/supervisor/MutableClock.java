package io.github.clustermaster.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * An {@link InstantSource} that only moves when the test says so.
 *
 * @author cluster-master
 */
final class MutableClock implements InstantSource {

	private Instant now = Instant.parse("2025-01-01T00:00:00Z");

	@Override
	public Instant instant() {
		return this.now;
	}

	void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

}
