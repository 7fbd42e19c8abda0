package io.github.clustermaster.control;

/**
 * The pool's shared HTTP session store, held by the master: part of
 * {@code GET /actuator/cluster}.
 *
 * @param sessions how many sessions it holds
 * @param bytes how many bytes they take
 * @param maxBytes the most it holds ({@code cluster.master.sessions.max-bytes})
 * @param evicted how many sessions were evicted to stay within it
 * @param expired how many sessions expired
 * @author cluster-master
 */
public record SessionsDescriptor(int sessions, long bytes, long maxBytes, long evicted, long expired) {

}
