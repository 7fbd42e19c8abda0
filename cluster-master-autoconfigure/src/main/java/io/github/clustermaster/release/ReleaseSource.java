package io.github.clustermaster.release;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Where a rolling restart gets the release it rolls the pool onto. The supervisor asks it
 * when a restart begins and never waits for it on its own thread.
 *
 * @author cluster-master
 */
public interface ReleaseSource {

	/** No releases: workers launch as they always did (class-path launches). */
	ReleaseSource NONE = new ReleaseSource() {

		@Override
		public CompletableFuture<@Nullable Release> prepare() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void retain(Collection<Release> releases) {
		}

	};

	/**
	 * Fingerprint the application at the deploy path and prepare it, off the caller's
	 * thread.
	 * @return a future of the release, {@code null} when launches use no release, or
	 * completed with an {@link InvalidReleaseException} when the jar cannot be one
	 */
	CompletableFuture<@Nullable Release> prepare();

	/**
	 * Remove, in the background, every prepared release but these.
	 * @param releases the releases still run by a worker or kept as the rollback target
	 */
	void retain(Collection<Release> releases);

}
