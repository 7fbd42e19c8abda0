package io.github.clustermaster.lease;

import java.time.Instant;

/**
 * A lease held now, as the master sees it.
 *
 * @param name the lease's name
 * @param holder the id of the worker that holds it
 * @param holderPid that worker's process id
 * @param since when it was granted to this holder
 * @param until when the master frees it unless it is renewed
 * @author cluster-master
 */
public record LeaseInfo(String name, int holder, long holderPid, Instant since, Instant until) {

}
