package io.github.clustermaster.release;

import java.nio.file.Path;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One prepared release of the application: the jar found at the deploy path, identified by
 * its content, extracted once into the cache and never modified afterwards. Workers launch
 * from {@link #launchJar()}, never from the deploy path.
 *
 * @param hash the SHA-256 of the jar's content, in hex
 * @param deployPath the path the jar was read from (a later deploy may replace it)
 * @param directory the prepared release: Boot's extracted layout
 * @param since when this master first prepared or found it
 * @author cluster-master
 */
public record Release(String hash, Path deployPath, Path directory, Instant since) {

	/**
	 * The jar workers launch: {@code app.jar} of the extracted layout, whose manifest class
	 * path names the libraries beside it.
	 * @return the launch jar
	 */
	public Path launchJar() {
		return this.directory.resolve(ReleaseCache.LAUNCH_JAR);
	}

	/**
	 * The first 12 hex digits of the hash, as logged.
	 * @return the short hash
	 */
	public String shortHash() {
		return this.hash.substring(0, 12);
	}

	/**
	 * Whether two releases are the same content.
	 * @param one a release
	 * @param other another release, or {@code null}
	 * @return whether both have the same hash
	 */
	public static boolean same(Release one, @Nullable Release other) {
		return other != null && one.hash().equals(other.hash());
	}

	@Override
	public String toString() {
		return "release " + shortHash() + " (" + this.deployPath + ")";
	}

}
