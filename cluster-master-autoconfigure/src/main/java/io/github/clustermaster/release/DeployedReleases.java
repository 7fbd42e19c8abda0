package io.github.clustermaster.release;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;

/**
 * The releases of an application deployed as a jar at a fixed path: each restart prepares
 * whatever jar is at that path now, so an atomic {@code mv}, a {@code current} symbolic
 * link switched to a new directory, or a copy over the old file all deploy a new release.
 * Preparing and pruning run on one thread of their own, one at a time.
 *
 * @author cluster-master
 */
public final class DeployedReleases implements ReleaseSource, AutoCloseable {

	private final ReleaseCache cache;

	private final Path deployPath;

	private final ClassDataArchives archives;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-master-releases");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Create the releases of a deploy path.
	 * @param cache the cache releases are prepared in
	 * @param deployPath the jar's deploy path
	 * @param archives the class-data archives of the releases
	 */
	public DeployedReleases(ReleaseCache cache, Path deployPath, ClassDataArchives archives) {
		this.cache = cache;
		this.deployPath = deployPath;
		this.archives = archives;
	}

	/**
	 * Prepare the release at the deploy path on the caller's thread, as the master does
	 * when it starts, and remove the releases earlier runs left in the cache.
	 * @return the release
	 * @throws InvalidReleaseException if the jar cannot be a release
	 */
	public Release prepareNow() {
		Release release = this.cache.prepare(this.deployPath);
		this.executor.execute(() -> this.cache.prune(List.of(release)));
		return release;
	}

	@Override
	public CompletableFuture<@Nullable Release> prepare() {
		return CompletableFuture.supplyAsync(() -> this.cache.prepare(this.deployPath), this.executor);
	}

	@Override
	public void retain(Collection<Release> releases) {
		List<Release> kept = new ArrayList<>(releases);
		this.executor.execute(() -> this.cache.prune(kept));
	}

	/**
	 * The deploy path.
	 * @return the path
	 */
	public Path deployPath() {
		return this.deployPath;
	}

	/**
	 * The class-data archives workers of these releases boot with.
	 * @return the archives
	 */
	public ClassDataArchives archives() {
		return this.archives;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		this.archives.close();
		this.cache.close();
	}

}
