package io.github.clustermaster.control;

import org.jspecify.annotations.Nullable;

/**
 * Says why the cluster should not grow to a size, e.g. because that many workers would
 * not fit in the memory the master sees. {@link ClusterCommandExecutor} asks it before a
 * resize up that is not forced, and refuses the resize with its sentence.
 *
 * @author cluster-master
 */
@FunctionalInterface
public interface ResizeLimit {

	/** No limit. */
	ResizeLimit NONE = (size) -> null;

	/**
	 * Why the cluster should not run this many workers.
	 * @param size the number of workers asked for
	 * @return one sentence saying why not, or {@code null} if it may
	 */
	@Nullable String refusal(int size);

}
