package io.github.clustermaster.lease;

import java.time.Instant;

/**
 * The master's answer to a request for a lease.
 *
 * @param granted whether the requester holds the lease now
 * @param holder the worker that holds it (the requester when granted), or 0 when nobody
 * does (a release)
 * @param until when the master frees it unless it is renewed, by the master's clock
 * @author cluster-master
 */
public record LeaseAnswer(boolean granted, int holder, Instant until) {

}
