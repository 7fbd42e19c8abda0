package io.github.clustermaster.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The times of the lease protocol, one place for both sides.
 * <ul>
 * <li>The master frees a lease at <em>the time it granted or renewed it + ttl</em>, unless
 * its holder renewed it, released it or its connection closed before.</li>
 * <li>The holder counts it valid only until <em>the time it sent the request that got the
 * grant + ttl − {@link #margin(Duration) margin}</em>. It sent that request before the
 * master granted it, so its own end always comes first: a holder that is late, hung or cut
 * off stops acting before the master may give the lease to another worker.</li>
 * <li>A holder renews every {@link #renewInterval(Duration) ttl × 0.3}: two renewals may be
 * lost before the lease is.</li>
 * </ul>
 *
 * @author cluster-master
 */
public final class LeaseTerms {

	/**
	 * The time to live of the {@code scheduling} lease: a holder that hangs or is cut off
	 * loses it after at most this long, and another worker runs the scheduled work.
	 */
	public static final Duration SCHEDULING_TTL = Duration.ofSeconds(10);

	/** The name of the lease whose holder runs the pool's scheduled work. */
	public static final String SCHEDULING = "scheduling";

	/** The shortest time to live a lease may be asked for. */
	public static final Duration MIN_TTL = Duration.ofMillis(500);

	/** The longest time to live a lease may be asked for. */
	public static final Duration MAX_TTL = Duration.ofDays(1);

	/** The longest lease name, in characters. */
	public static final int MAX_NAME_LENGTH = 200;

	private LeaseTerms() {
	}

	/**
	 * How long before the master's end of a lease its holder stops counting it valid: a
	 * tenth of the ttl, at least 100 ms (1 s for the {@code scheduling} lease). Work that
	 * the holder starts while its lease is valid and that lasts less than this ends before
	 * another worker may start.
	 * @param ttl the lease's time to live
	 * @return the margin
	 */
	public static Duration margin(Duration ttl) {
		Duration tenth = ttl.dividedBy(10);
		return (tenth.compareTo(Duration.ofMillis(100)) < 0) ? Duration.ofMillis(100) : tenth;
	}

	/**
	 * How often a holder renews a lease it keeps: 0.3 × ttl (3 s for the
	 * {@code scheduling} lease).
	 * @param ttl the lease's time to live
	 * @return the interval
	 */
	public static Duration renewInterval(Duration ttl) {
		return ttl.multipliedBy(3).dividedBy(10);
	}

	/**
	 * Check a request's name and time to live.
	 * @param name the lease's name
	 * @param ttl its time to live
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static void check(String name, Duration ttl) {
		if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					"A lease needs a name of 1 to " + MAX_NAME_LENGTH + " characters, got '" + name + "'");
		}
		if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
			throw new IllegalArgumentException("The time to live of lease '" + name + "' must be between "
					+ MIN_TTL.toMillis() + " ms and " + MAX_TTL.toHours() + " h, got " + ttl.toMillis() + " ms");
		}
	}

	/**
	 * A clock that never goes back (the JVM's monotonic time from the wall clock at its
	 * first use): the end of a lease must not move when the wall clock is set.
	 * @return the clock
	 */
	public static InstantSource monotonicClock() {
		return Monotonic.CLOCK;
	}

	private static final class Monotonic implements InstantSource {

		static final Monotonic CLOCK = new Monotonic();

		private final Instant origin = Instant.now();

		private final long originNanos = System.nanoTime();

		@Override
		public Instant instant() {
			return this.origin.plusNanos(System.nanoTime() - this.originNanos);
		}

	}

}
