package io.github.clustermaster.master.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.release.ClassDataArchives;
import io.github.clustermaster.release.DeployedReleases;
import io.github.clustermaster.release.InvalidReleaseException;
import io.github.clustermaster.release.Release;
import io.github.clustermaster.release.ReleaseCache;
import io.github.clustermaster.release.ReleaseSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the master's workers launch: for a {@code -jar} launch (the master's own jar or a
 * {@code cluster.master.exec} jar) the releases of that deploy path, prepared in the
 * release cache, the first of them now; for a class-path launch no release at all.
 *
 * @author cluster-master
 */
public final class MasterReleases implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(MasterReleases.class);

	private final @Nullable DeployedReleases releases;

	private final @Nullable Release initial;

	private MasterReleases(@Nullable DeployedReleases releases, @Nullable Release initial) {
		this.releases = releases;
		this.initial = initial;
	}

	/**
	 * Prepare the release the first workers launch.
	 * @param command the workers' command line
	 * @param exec whether the jar is {@code cluster.master.exec}'s, for the error
	 * @param cacheDir {@code cluster.master.cache-dir}, or {@code null} for the default
	 * @param fastStart {@code cluster.master.fast-start}
	 * @param trainingArgs {@code cluster.master.training-args}
	 * @param env {@code cluster.master.env}, the first workers' environment
	 * @param events where an archive built or gone stale is reported
	 * @return the releases
	 * @throws io.github.clustermaster.release.InvalidReleaseException if the jar cannot be
	 * a release
	 */
	public static MasterReleases prepare(List<String> command, boolean exec, @Nullable Path cacheDir, boolean fastStart,
			List<String> trainingArgs, Map<String, String> env, Consumer<MasterEvent> events) {
		Path deployPath = deployPath(command);
		if (deployPath == null) {
			return new MasterReleases(null, null);
		}
		try {
			ReleaseCache.validate(deployPath, deployPath);
		}
		catch (InvalidReleaseException ex) {
			String unrunnable = unrunnable(deployPath);
			if (unrunnable != null) {
				// Every worker would fail at once ("no main manifest attribute"): fail the start instead.
				throw new InvalidReleaseException((exec ? "Invalid cluster.master.exec: " : "")
						+ "java -jar cannot run " + deployPath + ", so every worker would fail to start: " + unrunnable);
			}
			// A plain or shaded jar runs as before, from where it is: nothing to extract
			logger.warn(ex.getMessage().replace("Release refused: ", "No release cache: ")
					+ "; the workers launch it from where it is, so a deploy must replace it with mv or a symbolic "
					+ "link switch, never overwrite it in place");
			return new MasterReleases(null, null);
		}
		ReleaseCache cache = ReleaseCache.open(
				(cacheDir != null) ? cacheDir : ReleaseCache.defaultDirectory(deployPath), command.get(0));
		DeployedReleases releases = new DeployedReleases(cache, deployPath,
				new ClassDataArchives(fastStart, trainingArgs, events));
		try {
			Release initial = releases.prepareNow();
			// An archive an earlier master built serves the first workers too
			releases.archives().reuse(initial, ProcessWorkerLauncher.launching(command, initial), env);
			return new MasterReleases(releases, initial);
		}
		catch (RuntimeException ex) {
			releases.close();
			throw ex;
		}
	}

	/**
	 * Why {@code java -jar} cannot run a jar, as the JVM sees it: it cannot open it, or its
	 * manifest names no {@code Main-Class}.
	 * @param jar the jar
	 * @return the reason, or {@code null} if it can run
	 */
	static @Nullable String unrunnable(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			Manifest manifest = file.getManifest();
			if (manifest == null) {
				return "it has no manifest";
			}
			return (manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) == null)
					? "its manifest has no Main-Class" : null;
		}
		catch (IOException | RuntimeException ex) {
			return "it is not a complete jar (truncated or corrupt?): " + ex.getMessage();
		}
	}

	/**
	 * The jar after {@code -jar}, absolute against the working directory, which the
	 * workers share; not resolved further, so a symbolic link is followed anew by each
	 * restart.
	 */
	static @Nullable Path deployPath(List<String> command) {
		int jar = command.indexOf("-jar");
		return (jar >= 0 && jar + 1 < command.size()) ? Path.of(command.get(jar + 1)).toAbsolutePath() : null;
	}

	public ReleaseSource source() {
		return (this.releases != null) ? this.releases : ReleaseSource.NONE;
	}

	public @Nullable Release initial() {
		return this.initial;
	}

	public @Nullable ClassDataArchives archives() {
		return (this.releases != null) ? this.releases.archives() : null;
	}

	@Override
	public void close() {
		if (this.releases != null) {
			this.releases.close();
		}
	}

}
