package io.github.clustermaster.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A holder's view of one lease: valid until <em>the time it sent the request that was
 * granted + ttl − margin</em> ({@link LeaseTerms}), never by what the master's answer
 * says, so that a slow answer cannot lengthen it. Thread-safe.
 *
 * @author cluster-master
 */
public final class HeldLease {

	private final String name;

	private final Duration ttl;

	private final InstantSource clock;

	private volatile Instant validUntil;

	private volatile boolean ended;

	/**
	 * A lease just granted.
	 * @param name the lease's name
	 * @param ttl the time to live it was asked for
	 * @param sentAt when the request that the master granted was sent, by {@code clock}
	 * @param clock this holder's clock
	 */
	public HeldLease(String name, Duration ttl, Instant sentAt, InstantSource clock) {
		this.name = name;
		this.ttl = ttl;
		this.clock = clock;
		this.validUntil = end(sentAt);
	}

	/**
	 * The lease's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The time to live it is asked and renewed for.
	 * @return the ttl
	 */
	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * A renewal sent at {@code sentAt} was granted: the lease is valid until then + ttl −
	 * margin, unless it was lost or released meanwhile (a late grant revives nothing).
	 * @param sentAt when the renewal was sent
	 */
	public void renewed(Instant sentAt) {
		if (!this.ended && isValid()) {
			Instant end = end(sentAt);
			if (end.isAfter(this.validUntil)) {
				this.validUntil = end;
			}
		}
	}

	/**
	 * The lease is lost (a renewal refused, the master gone) or released: never valid
	 * again.
	 */
	public void end() {
		this.ended = true;
	}

	/**
	 * Whether this holder may act on the lease now.
	 * @return whether it is valid
	 */
	public boolean isValid() {
		return !this.ended && this.clock.instant().isBefore(this.validUntil);
	}

	/**
	 * Whether it ended (lost or released), as opposed to having run out of time.
	 * @return whether it ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	/**
	 * Until when the holder counts it valid.
	 * @return the time, by this holder's clock
	 */
	public Instant validUntil() {
		return this.validUntil;
	}

	private Instant end(Instant sentAt) {
		return sentAt.plus(this.ttl).minus(LeaseTerms.margin(this.ttl));
	}

}
