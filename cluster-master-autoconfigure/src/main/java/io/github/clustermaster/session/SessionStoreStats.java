package io.github.clustermaster.session;

/**
 * How full the pool's session store is.
 *
 * @param sessions how many sessions it holds
 * @param bytes how many bytes they take (attributes, names, ids and a fixed overhead per
 * session)
 * @param maxBytes the most it holds ({@code cluster.master.sessions.max-bytes})
 * @param evicted how many sessions were evicted to stay within it, since the master
 * started
 * @param expired how many sessions expired, since the master started
 * @author cluster-master
 */
public record SessionStoreStats(int sessions, long bytes, long maxBytes, long evicted, long expired) {

}
